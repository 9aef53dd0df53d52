//! Altinn 2 (legacy; closed 19 June 2026): read a message box through the REST API as before,
//! every message page after page, with an API key and a login. Kept for integrators who still
//! run against a mirror or an archive of the old API.
//!
//! ```sh
//! cargo run -p altinn-generated --example read_message_box -- --base-url http://127.0.0.1:8080/api/
//! ```

mod support;

use altinn_generated::generated::api::enduser as api;
use altinn_generated::runtime::api::{ApiKey, Auth, Client, Environment, OData, Secret};
use futures::StreamExt;
use support::{arg, env};

const USAGE: &str = "\
Altinn 2 (legacy): list the messages of a message box, page after page.

Usage: read_message_box --base-url URL [--who WHO]

Options:
  --base-url URL   the API base, ending in /api/ (env ALTINN_BASE_URL)
  --who WHO        `my`, an organisation number or r<reportee id> [default: my]
  -h, --help       this text

Environment:
  ALTINN_API_KEY   the API key (required)
  ALTINN_USER      the user name of an Altinn login (required)
  ALTINN_PASSWORD  its password (required)
";

fn main() -> std::process::ExitCode {
    support::main_with("read_message_box", USAGE, |args| async move { run(&args).await })
}

async fn run(args: &[String]) -> Result<(), String> {
    let base = arg(args, "--base-url").or_else(|| std::env::var("ALTINN_BASE_URL").ok()).ok_or("--base-url is required (see --help)")?;
    let who = arg(args, "--who").unwrap_or_else(|| "my".into());
    let client = Client::builder(Environment::Custom(base.parse().map_err(|e| format!("--base-url {base}: {e}"))?))
        .api_key(ApiKey::new(env("ALTINN_API_KEY")?))
        .auth(Auth::Password { user_name: env("ALTINN_USER")?, password: Secret::new(env("ALTINN_PASSWORD")?) })
        .build()
        .map_err(|e| e.to_string())?;
    let messages =
        api::get_messages_items(&client, &who, &api::GetMessagesQuery::default(), &OData::default()).map_err(|e| e.to_string())?;
    let mut messages = std::pin::pin!(messages);
    let mut n = 0;
    while let Some(m) = messages.next().await {
        let m = m.map_err(|e| e.to_string())?;
        n += 1;
        println!(
            "{:<6} {:<16} {:<8} {}",
            m.message_id.unwrap_or_default(),
            m.type_.unwrap_or_default(),
            m.status.unwrap_or_default(),
            m.subject.unwrap_or_default()
        );
    }
    println!("{n} messages");
    Ok(())
}
