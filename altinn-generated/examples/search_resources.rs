//! Search the Resource Registry (public: no login) and print a table of one organisation's
//! resources.
//!
//! ```sh
//! cargo run -p altinn-generated --features platform_resource_registry --example search_resources -- --help
//! ```

mod support;

use altinn_generated::generated::platform::resource_registry as api;
use altinn_generated::runtime::altinn3::{Client, Environment};
use support::arg;

const USAGE: &str = "\
Search the Resource Registry and print a table of an organisation's resources.

Usage: search_resources --org CODE [--title TEXT] [--type TYPE] [--env tt02|prod | --platform-url URL]

Options:
  --org CODE               the competent authority's org code (ttd, skd, nav, ...)
  --title TEXT             only titles containing TEXT
  --type TYPE              only this resource type (AltinnApp, BrokerService, CorrespondenceService, ...)
  --env ENV                tt02 or prod [default: tt02]
  --platform-url URL       another platform base (a stand-in)
  -h, --help               this text
";

fn main() -> std::process::ExitCode {
    support::main_with("search_resources", USAGE, |args| async move { run(&args).await })
}

async fn run(args: &[String]) -> Result<(), String> {
    let org = arg(args, "--org").ok_or("--org is required (see --help)")?;
    let environment = match arg(args, "--platform-url") {
        Some(u) => {
            let url = url::Url::parse(&u).map_err(|e| format!("{u}: {e}"))?;
            Environment::tt02().with_platform(url)
        }
        None if arg(args, "--env").as_deref() == Some("prod") => Environment::production(),
        None => Environment::tt02(),
    };
    let client = Client::builder(environment).build().map_err(|e| e.to_string())?;
    let query = api::SearchQuery { title: arg(args, "--title"), resource_type: arg(args, "--type"), ..Default::default() };
    let found = api::search(&client, &query).await.map_err(|e| e.to_string())?;
    let rows: Vec<_> = found
        .into_iter()
        .filter(|r| r.has_competent_authority.as_ref().and_then(|a| a.orgcode.as_deref()).is_some_and(|o| o.eq_ignore_ascii_case(&org)))
        .collect();
    println!("{:<28} {:<24} title", "identifier", "type");
    for r in &rows {
        let title = r.title.as_ref().and_then(|t| t.get("nb").or_else(|| t.get("en"))).and_then(|v| v.as_str()).unwrap_or("");
        println!(
            "{:<28} {:<24} {title}",
            r.identifier.as_deref().unwrap_or(""),
            r.resource_type.as_ref().map(|t| t.to_string()).unwrap_or_default()
        );
    }
    println!("{} resources of {org}", rows.len());
    Ok(())
}
