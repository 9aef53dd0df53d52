//! Submit a form with an attachment (Altinn 2, legacy): TTD 5001/1's main form, built by hand,
//! and an XML attachment checked against its rule's schema before anything is sent; the message
//! is posted, the attachment uploaded, and the message completed.
//!
//! Altinn 2 closed on 19 June 2026: run this against a stand-in (the tests run it against the
//! loopback one in `tests/src/api_standin.rs`).
//!
//! ```sh
//! cargo run -p altinn-generated --features ttd_5001_1 --example submit_form -- --base-url http://127.0.0.1:8080/api/
//! ```

mod support;

use altinn_generated::generated::services::ttd_5001_1 as service;
use altinn_generated::runtime::api::submit::{AttachmentUpload, SubmitOptions};
use altinn_generated::runtime::api::{ApiKey, Auth, Client, Environment, Error, Secret};
use altinn_generated::runtime::xml::{AnyDocument, Mode};
use support::{arg, env};

const USAGE: &str = "\
Submit TTD 5001/1 with an attachment (Altinn 2, legacy; against a stand-in).

Usage: submit_form --base-url URL [--who WHO] [--sign]

Options:
  --base-url URL   the API base, ending in /api/ (env ALTINN_BASE_URL)
  --who WHO        `my`, an organisation number or r<reportee id> [default: 910000000]
  --sign           sign as well as complete
  -h, --help       this text

Environment:
  ALTINN_API_KEY   the API key (required)
  ALTINN_USER      user name for a password session (required)
  ALTINN_PASSWORD  its password (required)
";

/// The main form's data, as a user would have it in a file.
const FORM: &str = r#"<melding xmlns="http://seres.no/xsd/TTD/RF9001_M/2021" dataFormatProvider="SERES" dataFormatId="9001" dataFormatVersion="47001">
  <Innsender><Organisasjonsnummer>910000000</Organisasjonsnummer><Navn>Prøvebedrift AS</Navn></Innsender>
  <Regnskap><Regnskapsaar>2025</Regnskapsaar><Driftsinntekter>1500000</Driftsinntekter><Driftskostnader>1200000</Driftskostnader><Avsluttet>2025-12-31</Avsluttet></Regnskap>
</melding>"#;

const ATTACHMENT: &[u8] = br#"<Regnskapsdata xmlns="urn:ttd:regnskapsdata:v1"><Post konto="1920">1500.00</Post></Regnskapsdata>"#;

fn main() -> std::process::ExitCode {
    support::main_with("submit_form", USAGE, |args| async move { run(&args).await })
}

async fn run(args: &[String]) -> Result<(), String> {
    let base = arg(args, "--base-url").or_else(|| std::env::var("ALTINN_BASE_URL").ok()).ok_or("--base-url is required (see --help)")?;
    let who = arg(args, "--who").unwrap_or_else(|| "910000000".into());
    let client = Client::builder(Environment::Custom(base.parse().map_err(|e| format!("--base-url {base}: {e}"))?))
        .api_key(ApiKey::new(env("ALTINN_API_KEY")?))
        .auth(Auth::Password { user_name: env("ALTINN_USER")?, password: Secret::new(env("ALTINN_PASSWORD")?) })
        .build()
        .map_err(|e| e.to_string())?;

    let main = service::form_9001_47001::Document::from_xml_with(FORM.as_bytes(), Mode::Strict).map_err(|e| e.to_string())?;
    let forms = service::Forms { form_9001_47001: main, form_9002_47002: Vec::new() };
    let attachments =
        [AttachmentUpload { file_name: "regnskap.xml".into(), attachment_type: "Regnskapsdata".into(), data: ATTACHMENT.into() }];

    let options = SubmitOptions { complete: true, sign: args.iter().any(|a| a == "--sign") };
    match service::submit(&client, &who, &forms, &attachments, options).await {
        Ok(created) => {
            println!("created {} ({:?}); attachments: {:?}", created.message_id, created.state, created.attachments);
            Ok(())
        }
        // Every problem found before sending, each with its path.
        Err(Error::Rejected(rejection)) => Err(rejection.to_string()),
        Err(e) => Err(e.to_string()),
    }
}
