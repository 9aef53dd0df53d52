//! Fill in and submit a form to an Altinn 3 app with a Maskinporten system user: the sample app
//! `ttd/codegen-sample`, its form built by hand, a PDF attachment checked against its data type
//! before anything is sent, then the whole flow (instantiate, put the form, upload, validate,
//! move the process to its end) and the instance's state.
//!
//! ```sh
//! cargo run -p altinn-generated --features app_ttd_codegen_sample --example submit_app -- --help
//! ```

mod support;

use altinn_generated::generated::apps::ttd_codegen_sample::{self as app, melding};
use altinn_generated::runtime::altinn3::{Attachment, Auth, Client, Environment, Error, GrantKey, InstanceOwner, MaskinportenGrant};
use support::{arg, env};
use url::Url;

const USAGE: &str = "\
Submit a form to the Altinn 3 app ttd/codegen-sample with a Maskinporten system user.

Usage: submit_app --org-number NUMBER [--env tt02|prod] [--platform-url URL --apps-url URL --maskinporten-url URL]

Options:
  --org-number NUMBER      the organisation submitting (the system user's customer)
  --env ENV                tt02 or prod [default: tt02]
  --platform-url URL       another platform base (a stand-in), with --apps-url and --maskinporten-url
  --apps-url URL           one base URL for every app (apps at URL/{org}/{app}/...)
  --maskinporten-url URL   Maskinporten's issuer (its token endpoint is URL/token)
  -h, --help               this text

Environment:
  MASKINPORTEN_CLIENT_ID   the client id (required)
  MASKINPORTEN_KID         the key id registered with the client (required)
  MASKINPORTEN_KEY_FILE    the RSA private key, PEM (required)
";

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

fn main() -> std::process::ExitCode {
    support::main_with("submit_app", USAGE, |args| async move { run(&args).await })
}

fn environment(args: &[String]) -> Result<Environment, String> {
    match (arg(args, "--platform-url"), arg(args, "--apps-url"), arg(args, "--maskinporten-url")) {
        (Some(p), Some(a), Some(m)) => {
            let url = |s: &str| Url::parse(s).map_err(|e| format!("{s}: {e}"));
            Environment::custom(url(&p)?, url(&a)?, &m).map_err(|e| e.to_string())
        }
        (None, None, None) => Ok(match arg(args, "--env").as_deref() {
            Some("prod") => Environment::production(),
            _ => Environment::tt02(),
        }),
        _ => Err("--platform-url, --apps-url and --maskinporten-url go together".into()),
    }
}

async fn run(args: &[String]) -> Result<(), String> {
    let org_number = arg(args, "--org-number").ok_or("--org-number is required (see --help)")?;
    let key = std::fs::read(env("MASKINPORTEN_KEY_FILE")?).map_err(|e| format!("MASKINPORTEN_KEY_FILE: {e}"))?;
    let grant =
        MaskinportenGrant::new(env("MASKINPORTEN_CLIENT_ID")?, GrantKey::kid(env("MASKINPORTEN_KID")?, &key).map_err(|e| e.to_string())?)
            .scope("altinn:instances.read")
            .scope("altinn:instances.write")
            .system_user(&org_number);
    let client = Client::builder(environment(args)?).auth(Auth::Maskinporten(Box::new(grant))).build().map_err(|e| e.to_string())?;

    // The form, built from its required parts; optional parts are set where they apply.
    let innsender = melding::Innsender::new(
        org_number.parse().map_err(|e| format!("--org-number: {e}"))?,
        "Prøvebedrift AS".parse().map_err(|e| format!("{e}"))?,
    );
    let provedrift = melding::Provedrift::new("2026-12-01".parse().map_err(|e| format!("{e}"))?, melding::Omfang::Regional);
    let forms = app::Forms::new(melding::Document::Melding(melding::Melding::new(innsender, provedrift)));
    let attachments = vec![Attachment::new("vedlegg", "rapport.pdf", "application/pdf", PDF.to_vec())];

    match app::submit(&client, InstanceOwner::organisation(org_number), &forms, attachments).await {
        Ok(instance) => {
            let ended = instance.process.as_ref().and_then(|p| p.ended.as_deref()).unwrap_or("not yet");
            println!("submitted {} (process ended: {ended})", instance.id.as_deref().unwrap_or("?"));
            Ok(())
        }
        // Every rule broken before sending, each with its data type (and path for form data).
        Err(Error::Rejected(r)) => Err(r.to_string()),
        Err(e) => Err(e.to_string()),
    }
}
