//! List the dialogs of a party in Dialogporten, page by page: the pages are fetched as the
//! stream is read (continuation tokens), and the client waits out a 429 with `Retry-After`.
//!
//! ```sh
//! cargo run -p altinn-generated --features platform_dialogporten_serviceowner --example list_dialogs -- --help
//! ```

mod support;

use altinn_generated::generated::platform::dialogporten_serviceowner as api;
use futures::StreamExt;
use support::arg;

const USAGE: &str = "\
List the dialogs of a party in Dialogporten, page by page.

Usage: list_dialogs --party URN [--page-size N]

Options:
  --party URN              urn:altinn:organization:identifier-no:<orgnr> or urn:altinn:person:identifier-no:<ssn>
  --page-size N            dialogs per page, 1 to 1000 [default: 100]
";

fn main() -> std::process::ExitCode {
    support::main_with("list_dialogs", &format!("{USAGE}{}", support::COMMON_OPTIONS), run)
}

async fn run(args: Vec<String>) -> Result<(), String> {
    let party = arg(&args, "--party").ok_or("--party is required (see --help)")?;
    let limit = arg(&args, "--page-size").map(|s| s.parse::<i64>().map_err(|e| format!("--page-size: {e}"))).transpose()?;
    let client =
        support::maskinporten_client(&args, &["digdir:dialogporten.serviceprovider", "digdir:dialogporten.serviceprovider.search"])?;
    let query = api::V1ServiceOwnerDialogsSearchSearchDialogQuery { party: vec![party], limit, ..Default::default() };
    let dialogs = api::v1_service_owner_dialogs_search_search_dialog_items(&client, &query).map_err(|e| e.to_string())?;
    let mut dialogs = std::pin::pin!(dialogs);
    let mut n = 0;
    while let Some(d) = dialogs.next().await {
        let d = d.map_err(|e| e.to_string())?;
        n += 1;
        println!(
            "{}  {:<18} {}  {}",
            d.id.unwrap_or_default(),
            d.status.map(|s| s.to_string()).unwrap_or_default(),
            d.created_at.unwrap_or_default(),
            d.service_resource.unwrap_or_default()
        );
    }
    println!("{n} dialogs");
    Ok(())
}
