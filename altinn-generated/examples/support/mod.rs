//! What the examples share: their command line and `main`, the environment they point at, and a
//! client that authenticates with Maskinporten (a key registered under a kid), its token
//! exchanged for an Altinn token and renewed as needed.

#![allow(dead_code)]

use altinn_generated::runtime::altinn3::{Auth, Client, Environment, GrantKey, MaskinportenGrant};
use url::Url;

/// The options every platform example takes, for its `--help`.
pub const COMMON_OPTIONS: &str = "\
  --env ENV                tt02 or prod [default: tt02]
  --platform-url URL       another platform base (a stand-in), with --maskinporten-url
  --maskinporten-url URL   Maskinporten's issuer (its token endpoint is URL/token)
  -h, --help               this text

Environment:
  MASKINPORTEN_CLIENT_ID   the client id (required)
  MASKINPORTEN_KID         the key id registered with the client (required)
  MASKINPORTEN_KEY_FILE    the RSA private key, PEM (required)
";

/// The value after `name`.
pub fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

/// Every value after each `name`.
pub fn args_of(args: &[String], name: &str) -> Vec<String> {
    args.windows(2).filter(|w| w[0] == name).map(|w| w[1].clone()).collect()
}

/// An environment variable the example needs.
pub fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set (see --help)"))
}

/// TT02, production, or the platform and Maskinporten given (apps are not used here).
pub fn environment(args: &[String]) -> Result<Environment, String> {
    match (arg(args, "--platform-url"), arg(args, "--maskinporten-url")) {
        (Some(p), Some(m)) => {
            let url = Url::parse(&p).map_err(|e| format!("{p}: {e}"))?;
            Environment::custom(url.clone(), url, &m).map_err(|e| e.to_string())
        }
        (None, None) => Ok(match arg(args, "--env").as_deref() {
            Some("prod") => Environment::production(),
            _ => Environment::tt02(),
        }),
        _ => Err("--platform-url and --maskinporten-url go together".into()),
    }
}

/// A client with a Maskinporten grant for `scopes` (from the environment variables).
pub fn maskinporten_client(args: &[String], scopes: &[&str]) -> Result<Client, String> {
    let key = std::fs::read(env("MASKINPORTEN_KEY_FILE")?).map_err(|e| format!("MASKINPORTEN_KEY_FILE: {e}"))?;
    let key = GrantKey::kid(env("MASKINPORTEN_KID")?, &key).map_err(|e| e.to_string())?;
    let grant = scopes.iter().fold(MaskinportenGrant::new(env("MASKINPORTEN_CLIENT_ID")?, key), |g, s| g.scope(*s));
    Client::builder(environment(args)?).auth(Auth::Maskinporten(Box::new(grant))).build().map_err(|e| e.to_string())
}

/// Runs `run` after `--help`: the exit code and the error on standard error.
pub fn main_with<F>(name: &str, usage: &str, run: impl FnOnce(Vec<String>) -> F) -> std::process::ExitCode
where
    F: std::future::Future<Output = Result<(), String>>,
{
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{usage}");
        return std::process::ExitCode::SUCCESS;
    }
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{name}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
