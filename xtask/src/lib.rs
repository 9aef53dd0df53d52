//! `cargo xtask …`: thin command-line wrappers over `altinn-codegen`.
//!
//! The parsing lives in this library (and `main.rs` only calls [`run`]) so that integration
//! tests drive exactly the commands a user types.

pub mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use altinn_codegen::diagnostic::Severity;
use altinn_codegen::fetch::http::{HttpOptions, RetryPolicy};
use altinn_codegen::fetch::{self, FetchOptions, Media, progress::ProgressMode};
use altinn_codegen::regen;
use altinn_codegen::snapshot::lock::Lock;
use altinn_codegen::staged_dir::write_file_atomically;
use altinn_harness::process::{Limits, Outcome, output_within, run_limited};
use anyhow::{Context, Result};
use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand, ValueEnum};

/// The workspace root (where `schemas/` and `altinn-generated/` live).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

#[derive(Parser, Debug)]
#[command(name = "cargo xtask", about = "altinn-codegen tasks: fetch the metadata snapshot, regenerate the crate")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Download Altinn's metadata resource and XSDs into a snapshot folder (replaced atomically).
    Fetch(FetchArgs),
    /// Generate altinn-generated's sources from a snapshot (or check that they are current).
    Regen(RegenArgs),
    /// Generate one crate from every XSD under a folder, build it, and write a JSON report.
    Corpus(CorpusArgs),
    /// Run the W3C XML Schema test-suite sample (../shared/w3c) and write docs/w3c-results.md.
    W3c {
        /// The sample folder [default: <workspace>/../shared/w3c, or $ALTINN_SHARED/w3c].
        #[arg(long)]
        w3c: Option<PathBuf>,
        /// Where to write the summary [default: <workspace>/docs/w3c-results.md].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the defects of OpenAPI documents, and which patches of a patch list repair them.
    OpenapiLint {
        /// A folder of OpenAPI documents (`*.json`).
        #[arg(long)]
        dir: PathBuf,
        /// The patch list [default: <workspace>/schemas/altinn3/openapi/patches.toml, or
        /// schemas/openapi/patches.toml with --api altinn2].
        #[arg(long)]
        patches: Option<PathBuf>,
        /// Which API the documents describe.
        #[arg(long, value_enum, default_value_t = ApiArg::Altinn3)]
        api: ApiArg,
    },
    /// Ask whether the API grants a browser origin (CORS): sends the metadata request with
    /// `Origin` and reads `Access-Control-Allow-Origin`.
    CorsCheck {
        /// The origin, e.g. https://example.no.
        #[arg(long)]
        origin: String,
        /// `prod`, `tt02` or a base URL ending in /api/.
        #[arg(long, default_value = "prod")]
        base_url: String,
        /// An API key, if the key type is "Nettleserapplikasjon" (origins are bound to keys).
        #[arg(long, env = "ALTINN_API_KEY", hide_env_values = true)]
        api_key: Option<String>,
    },
    /// Our generator beside xsd-parser and xsdata on the same corpus (minutes; not run in CI):
    /// generation, compile and build, read/write throughput, per-service builds, fetch.
    Bench(BenchArgs),
    /// Fuzz the XSD pipeline, the generated readers, the runtime's answer decoding and the
    /// OpenAPI reader (a mutation fuzzer on stable Rust, the crate `fuzz/`), each target for
    /// --seconds; prints executions and crashes, exits non-zero when any target crashed.
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Only these targets (`xsd,form,app-form,json,openapi`).
        #[arg(long, value_delimiter = ',')]
        targets: Vec<String>,
        /// The seed of the mutations (the same seed repeats a run).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// List every Altinn 2 service of the snapshot with the Altinn 3 resource that replaced it
    /// (from the Resource Registry's references in the snapshot's Altinn 3 part), or "none found".
    MigrationReport {
        /// The snapshot folder [default: <workspace>/schemas].
        #[arg(long)]
        schemas: Option<PathBuf>,
        /// Also write the report (Markdown) here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Refresh the hashes and sizes in a snapshot's lock file after a deliberate hand edit.
    Relock {
        /// The snapshot folder.
        #[arg(long)]
        schemas: Option<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum MediaArg {
    Hal,
    Json,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ProgressArg {
    Auto,
    Log,
    Quiet,
}

#[derive(clap::Args, Debug)]
struct FetchArgs {
    /// API base URL, or the presets `prod` (https://www.altinn.no/api) and `tt02`.
    #[arg(long, default_value = "prod")]
    base_url: String,
    /// Snapshot folder to replace [default: <workspace>/schemas].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of names and texts: 1044 (Bokmål), 2068 (Nynorsk), 1033 (English).
    #[arg(long, default_value_t = 1044, value_parser = clap::builder::PossibleValuesParser::new(["1044", "2068", "1033"]).map(|s| s.parse::<u32>().expect("listed")))]
    language: u32,
    /// OData `$filter` for the service list, e.g. "ServiceOwnerCode eq 'SKD'".
    #[arg(long)]
    filter: Option<String>,
    /// Selection file [default: <out>/selection.toml when it exists].
    #[arg(long)]
    selection: Option<PathBuf>,
    /// Representation to ask for.
    #[arg(long, value_enum, default_value = "hal")]
    media: MediaArg,
    /// `$top` of each service-list page.
    #[arg(long, default_value_t = 1000)]
    page_size: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Whole-request timeout in milliseconds.
    #[arg(long, default_value_t = 60_000)]
    timeout_ms: u64,
    /// Retries after a failed attempt (429, 5xx, timeouts, truncated bodies).
    #[arg(long, default_value_t = 5)]
    retries: u32,
    /// First backoff in milliseconds (doubles per retry).
    #[arg(long, default_value_t = 500)]
    backoff_ms: u64,
    /// Progress display.
    #[arg(long, value_enum, default_value = "auto")]
    progress: ProgressArg,
    /// Where the published OpenAPI documents are (a folder URL) [default: Altinn/docs' swagger
    /// folder, https://docs.altinn.studio/swagger/].
    #[arg(long)]
    openapi_base: Option<String>,
    /// Do not download the published OpenAPI documents.
    #[arg(long, conflicts_with = "openapi_base")]
    no_openapi: bool,
    /// Fetch the Altinn 3 part instead (the Resource Registry's list, the selected apps'
    /// metadata and models) into `<out>/altinn3/`; the Altinn 2 part is left as it is.
    #[arg(long)]
    altinn3: bool,
    /// With --altinn3: the environment whose hosts are used.
    #[arg(long, value_enum, default_value = "prod", requires = "altinn3")]
    env: EnvArg,
    /// With --altinn3: the platform base URL instead of the environment's.
    #[arg(long, requires = "altinn3")]
    platform_url: Option<String>,
    /// With --altinn3: one base URL for every app (apps are then at URL/{org}/{app}/…).
    #[arg(long, requires = "altinn3")]
    apps_url: Option<String>,
    /// With --altinn3: these apps (`org/app,…`) instead of the selection file's.
    #[arg(long, value_delimiter = ',', requires = "altinn3")]
    apps: Vec<String>,
    /// With --altinn3: every app of these orgs (`ttd,skd`) instead of the selection file's.
    #[arg(long, value_delimiter = ',', requires = "altinn3")]
    orgs: Vec<String>,
    /// With --altinn3: every app in the resource list.
    #[arg(long, requires = "altinn3")]
    all_apps: bool,
    /// With --altinn3: these platform OpenAPI documents (`correspondence,broker,…`: storage,
    /// correspondence, broker, authentication, resource_registry, dialogporten_serviceowner)
    /// instead of the selection file's `platform`.
    #[arg(long, value_delimiter = ',', requires = "altinn3")]
    platform: Vec<String>,
    /// With --altinn3: fetch the platform OpenAPI documents from URL/{document}.json instead of
    /// each service's route on the platform host.
    #[arg(long, requires = "altinn3", value_name = "URL")]
    openapi_source: Option<String>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum EnvArg {
    Prod,
    Tt02,
}

/// Which API a folder of OpenAPI documents describes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ApiArg {
    /// Altinn 3 platform and app APIs (`platform::*`, on the Altinn 3 client); each document
    /// must name its server.
    Altinn3,
    /// The Altinn 2 REST API (legacy; `api::*`).
    Altinn2,
}

impl ApiArg {
    fn api(self) -> altinn_codegen::parse::openapi::Api {
        match self {
            ApiArg::Altinn3 => altinn_codegen::parse::openapi::Api::Altinn3,
            ApiArg::Altinn2 => altinn_codegen::parse::openapi::Api::Altinn2,
        }
    }
}

#[derive(clap::Args, Debug)]
struct CorpusArgs {
    /// Folder searched recursively for `.xsd` files.
    #[arg(long, required_unless_present_any = ["openapi_root", "invalid"], conflicts_with_all = ["openapi_root", "invalid"])]
    xsd_root: Option<PathBuf>,
    /// Schema tests that must not crash the generator (`group<TAB>schemas` rows, schema paths
    /// relative to the `suite/` folder beside the file, as the W3C invalid sample's `invalid.tsv`):
    /// each reported as rejected, warned, generated, panicked or timed out.
    #[arg(long, conflicts_with = "openapi_root")]
    invalid: Option<PathBuf>,
    /// With --invalid: the time each schema document may take, in milliseconds.
    #[arg(long, default_value_t = 10_000, requires = "invalid")]
    timeout_ms: u64,
    /// Folder searched recursively for OpenAPI documents (`*.json`): one module each, built,
    /// reported per document.
    #[arg(long)]
    openapi_root: Option<PathBuf>,
    /// With --openapi-root: the patch list that repairs the documents' defects.
    #[arg(long, requires = "openapi_root")]
    patches: Option<PathBuf>,
    /// With --openapi-root: which API the documents describe (what they generate on).
    #[arg(long, value_enum, default_value_t = ApiArg::Altinn3, requires = "openapi_root")]
    api: ApiArg,
    /// Schema/instance pairs (TSV with `schema` and `instance` columns) for the round-trip checks.
    #[arg(long)]
    pairs: Option<PathBuf>,
    /// Where to write the JSON report.
    #[arg(long)]
    report: PathBuf,
    /// Where the crate is written and built [default: <workspace>/target/corpus].
    #[arg(long)]
    work: Option<PathBuf>,
    /// Generate only; do not build.
    #[arg(long)]
    no_build: bool,
    /// Do not satisfy a missing import with the one corpus schema that declares its namespace.
    #[arg(long)]
    no_namespace_lookup: bool,
    /// Schemas generated at once (0: one per core).
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Skip the sample instances (generate-only runs keep no model in memory).
    #[arg(long)]
    no_samples: bool,
    /// Also write the Markdown summary of the sample instances here (e.g. docs/corpus-samples.md).
    #[arg(long)]
    summary: Option<PathBuf>,
    /// An `oracles.tsv` file: check the JSON of every XSD with an Altinn Studio JSON Schema
    /// (relation `oracle-jsonschema`) against it: its sample, and every valid instance of
    /// --pairs (written as JSON, validated, read back to the same model).
    #[arg(long)]
    json_oracles: Option<PathBuf>,
    /// With --json-oracles: also write the Markdown summary of the JSON checks here (e.g.
    /// docs/corpus-json.md).
    #[arg(long, requires = "json_oracles")]
    json_summary: Option<PathBuf>,
    /// The time one xmllint call may take, in seconds; a call past it is killed and reported as
    /// timed out, and the run goes on.
    #[arg(long, default_value_t = Limits::XMLLINT.as_secs())]
    xmllint_timeout_secs: u64,
    /// The time one cargo build of the generated crate may take, in seconds.
    #[arg(long, default_value_t = Limits::BUILD.as_secs())]
    build_timeout_secs: u64,
    /// The time one run of a built program (round trip, JSON) may take, in seconds.
    #[arg(long, default_value_t = Limits::PROGRAM.as_secs())]
    program_timeout_secs: u64,
    /// The xmllint program.
    #[arg(long, default_value = "xmllint")]
    xmllint: PathBuf,
}

impl CorpusArgs {
    fn limits(&self) -> Limits {
        Limits {
            xmllint: Duration::from_secs(self.xmllint_timeout_secs),
            build: Duration::from_secs(self.build_timeout_secs),
            program: Duration::from_secs(self.program_timeout_secs),
        }
    }
}

#[derive(clap::Args, Debug)]
struct BenchArgs {
    /// Measured runs per tool after a warm-up.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Clean builds per generated crate.
    #[arg(long, default_value_t = 1)]
    build_runs: usize,
    /// How many of the largest real instances to time.
    #[arg(long, default_value_t = 3)]
    instances: usize,
    /// Skip building the generated crates (each takes minutes).
    #[arg(long)]
    skip_builds: bool,
    /// Skip the fetch benchmark.
    #[arg(long)]
    skip_fetch: bool,
    /// Skip the 1 GiB streaming benchmark (a Broker transfer through the generated functions).
    #[arg(long)]
    skip_stream: bool,
    /// The corpus [default: $ALTINN_SHARED/altinn/xsd or ../shared/altinn/xsd].
    #[arg(long)]
    xsd_root: Option<PathBuf>,
    /// Where to write the results [default: <workspace>/docs/bench-results.md].
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct RegenArgs {
    /// Snapshot folder [default: <workspace>/schemas].
    #[arg(long)]
    schemas: Option<PathBuf>,
    /// A generated crate to write (your own, in your repository): its `src/generated/` and
    /// `src/lib.rs`, and its `Cargo.toml`'s feature list (the manifest is created when absent)
    /// [default: <workspace>/altinn-generated].
    #[arg(long = "crate", value_name = "DIR", conflicts_with_all = ["out", "manifest"])]
    krate: Option<PathBuf>,
    /// How a new crate's manifest depends on altinn-runtime (a TOML inline table body) [default:
    /// path = "<this workspace>/altinn-runtime"].
    #[arg(long, value_name = "TOML", requires = "krate")]
    runtime_dep: Option<String>,
    /// Only the generated modules' folder (no lib.rs), instead of a crate.
    #[arg(long)]
    out: Option<PathBuf>,
    /// With --out: a manifest whose generated `[features]` lines regen keeps current.
    #[arg(long, requires = "out")]
    manifest: Option<PathBuf>,
    /// Do not write: fail with a diff summary when the folder differs from what regen produces.
    #[arg(long)]
    check: bool,
    /// Write although constructs were generated in a weaker form (e.g. an undefined type kept as
    /// raw XML); without it any warning fails the run and nothing is written.
    #[arg(long)]
    allow_warnings: bool,
    /// Write without the inputs that did not generate or differ from the lock, leaving their
    /// modules out; without it any such error fails the run and nothing is written.
    #[arg(long)]
    skip_broken: bool,
}

/// Runs `cargo xtask` with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> Result<ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        // `--help` and `--version` go to standard output with exit 0; usage errors to standard
        // error with clap's own `error:` line and exit 2, said once.
        Err(e) => {
            e.print()?;
            return Ok(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)));
        }
    };
    match cli.command {
        Command::Fetch(a) => run_fetch(a),
        Command::Regen(a) => run_regen(a),
        Command::Corpus(a) => run_corpus(a),
        Command::W3c { w3c, out } => run_w3c(w3c, out),
        Command::OpenapiLint { dir, patches, api } => run_openapi_lint(&dir, patches, api),
        Command::CorsCheck { origin, base_url, api_key } => run_cors_check(&origin, &base_url, api_key),
        Command::Bench(a) => {
            let root = workspace_root();
            let shared = shared_dir();
            let options = bench::BenchOptions {
                xsd_root: a.xsd_root.unwrap_or_else(|| shared.join("altinn/xsd")),
                pairs: shared.join("altinn/pairs.tsv"),
                runs: a.runs,
                build_runs: a.build_runs,
                instances: a.instances,
                skip_builds: a.skip_builds,
                skip_fetch: a.skip_fetch,
                skip_stream: a.skip_stream,
                out: a.out.unwrap_or_else(|| root.join("docs/bench-results.md")),
                root,
            };
            let text = bench::run(&options)?;
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Fuzz { seconds, targets, seed } => run_fuzz(seconds, &targets, seed),
        Command::MigrationReport { schemas, out } => {
            let schemas = schemas.unwrap_or_else(|| workspace_root().join("schemas"));
            let text = migration_report(&schemas)?;
            print!("{text}");
            if let Some(out) = out {
                write_file_atomically(&out, text.as_bytes())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Relock { schemas } => {
            use altinn_codegen::snapshot::layout::{ALTINN3_DIR, LOCK_FILE};
            let dir = schemas.unwrap_or_else(|| workspace_root().join("schemas"));
            // Both parts: the Altinn 2 lock and the Altinn 3 part's own, where they exist.
            let parts: Vec<PathBuf> = [dir.clone(), dir.join(ALTINN3_DIR)].into_iter().filter(|d| d.join(LOCK_FILE).is_file()).collect();
            anyhow::ensure!(!parts.is_empty(), "{}: no {LOCK_FILE} here (nor in {ALTINN3_DIR}/)", dir.display());
            for part in parts {
                let mut lock = Lock::read(&part)?;
                lock.refresh(&part)?;
                let staged_path = part.join(LOCK_FILE);
                write_file_atomically(&staged_path, lock.render().as_bytes())?;
                eprintln!("relock: {} entries in {}", lock.entries.len(), staged_path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_fetch(a: FetchArgs) -> Result<ExitCode> {
    if a.altinn3 {
        return run_fetch_altinn3(a);
    }
    let out = a.out.clone().unwrap_or_else(|| workspace_root().join("schemas"));
    let mut options = FetchOptions::new(a.base_url.clone(), out);
    options.http = http_options(&a);
    options.language = Some(a.language);
    options.filter = a.filter;
    options.selection = a.selection;
    options.media = match a.media {
        MediaArg::Hal => Media::HalJson,
        MediaArg::Json => Media::Json,
    };
    options.page_size = a.page_size;
    options.progress = progress_mode(a.progress);
    options.openapi = (!a.no_openapi).then(|| fetch::OpenApiSource::published(a.openapi_base.as_deref()));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    // Ctrl-C drops the fetch: its staging folder is removed and the old snapshot stays.
    let report = runtime.block_on(async {
        tokio::select! {
            r = fetch::fetch(&options) => r,
            _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted: {} left as it was", options.out.display())),
        }
    })?;
    println!(
        "fetch: {} services listed, {} selected, {} files ({} bytes) in {}",
        report.listed,
        report.selected,
        report.files,
        report.bytes,
        options.out.display()
    );
    for (status, url, path) in &report.missing {
        println!("fetch: missing ({status}): {url} (would be {path})");
    }
    Ok(ExitCode::SUCCESS)
}

fn http_options(a: &FetchArgs) -> HttpOptions {
    HttpOptions {
        concurrency: a.concurrency,
        timeout: Duration::from_millis(a.timeout_ms),
        retry: RetryPolicy {
            max_attempts: a.retries + 1,
            default_delay: Duration::from_millis(a.backoff_ms),
            ..HttpOptions::default().retry
        },
    }
}

fn progress_mode(p: ProgressArg) -> ProgressMode {
    match p {
        ProgressArg::Auto => ProgressMode::Auto,
        ProgressArg::Log => ProgressMode::Log,
        ProgressArg::Quiet => ProgressMode::Quiet,
    }
}

fn run_fetch_altinn3(a: FetchArgs) -> Result<ExitCode> {
    use altinn_codegen::fetch::altinn3::{self, Altinn3Options, Env};
    use altinn_codegen::snapshot::selection::Altinn3Selection;
    let out = a.out.clone().unwrap_or_else(|| workspace_root().join("schemas"));
    let mut options = Altinn3Options::new(out);
    options.env = match a.env {
        EnvArg::Prod => Env::Prod,
        EnvArg::Tt02 => Env::Tt02,
    };
    options.platform_url = a.platform_url.clone();
    options.apps_url = a.apps_url.clone();
    options.openapi_source = a.openapi_source.clone();
    options.selection = a.selection.clone();
    if !a.apps.is_empty() || !a.orgs.is_empty() || a.all_apps || !a.platform.is_empty() {
        options.choose = Some(Altinn3Selection {
            orgs: a.orgs.clone(),
            apps: a.apps.clone(),
            resources: Vec::new(),
            all_apps: a.all_apps,
            platform: a.platform.clone(),
        });
    }
    options.http = http_options(&a);
    options.progress = progress_mode(a.progress);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(async {
        tokio::select! {
            r = altinn3::fetch(&options) => r,
            _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted: {} left as it was", options.out.display())),
        }
    })?;
    println!(
        "fetch --altinn3: {} resources listed, {} apps, {} model files in {}",
        report.resources,
        report.apps,
        report.models,
        options.out.join("altinn3").display()
    );
    for (status, url, path) in &report.missing {
        println!("fetch --altinn3: missing ({status}): {url} (would be {path})");
    }
    for s in &report.skipped {
        println!("fetch --altinn3: skipped: {s}");
    }
    println!("fetch --altinn3: {} platform OpenAPI documents", report.documents);
    for s in &report.documents_failed {
        println!("fetch --altinn3: {s}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The fuzz targets of `fuzz/src/targets.rs`.
const FUZZ_TARGETS: [&str; 5] = ["xsd", "form", "app-form", "json", "openapi"];

/// Builds the fuzzer once (release), then runs each target in a child process: a crash the
/// child cannot catch (a stack overflow aborts) is seen in its exit status, and the input it
/// was running is kept beside the others.
fn run_fuzz(seconds: u64, targets: &[String], seed: u64) -> Result<ExitCode> {
    let root = workspace_root();
    let mut build = altinn_harness::process::cargo();
    build.args(["build", "--release", "--quiet", "-p", "altinn-fuzz"]).current_dir(&root);
    let built = output_within(&mut build, None, Limits::BUILD, "the build of the fuzzer")??;
    anyhow::ensure!(
        built.status.success(),
        "cannot build the fuzzer (cargo build --release -p altinn-fuzz):\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let exe = root.join("target/release/altinn-fuzz");
    let chosen: Vec<&str> = if targets.is_empty() { FUZZ_TARGETS.to_vec() } else { targets.iter().map(String::as_str).collect() };
    // A target stops itself after `seconds`; one still running long after (a hang inside one
    // input) is killed, reported, and counted as a finding.
    let limit = Duration::from_secs(seconds.saturating_mul(2).saturating_add(300));
    let mut crashed = false;
    for t in chosen {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args([t, "--seconds", &seconds.to_string(), "--seed", &seed.to_string(), "--shared"])
            .arg(shared_dir())
            .arg("--out")
            .arg(root.join("target/fuzz"))
            .current_dir(&root);
        let (status, stdout, success) = match run_limited(&mut cmd, limit).with_context(|| format!("cannot run {}", exe.display()))? {
            Outcome::Finished(f) => (f.output.status.to_string(), f.output.stdout, f.output.status.success()),
            Outcome::TimedOut { after, stdout, .. } => (format!("timed out: killed after {} s", after.as_secs()), stdout, false),
        };
        print!("{}", String::from_utf8_lossy(&stdout));
        if !success {
            crashed = true;
            let current = root.join("target/fuzz").join(t).join("current");
            if current.is_file() {
                let kept = root.join("target/fuzz").join(t).join("crashes/aborted");
                std::fs::create_dir_all(kept.parent().expect("a folder"))?;
                std::fs::rename(&current, &kept)?;
                println!("fuzz {t}: the process ended abnormally ({status}); its input is {}", kept.display());
            } else {
                println!("fuzz {t}: the process ended abnormally ({status})");
            }
        }
    }
    Ok(if crashed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The migration map of a snapshot as Markdown: each Altinn 2 service with its Altinn 3
/// successors, then the resources that name Altinn 2 services the snapshot does not have.
pub fn migration_report(schemas: &Path) -> Result<String> {
    use std::fmt::Write as _;
    let (project, _) = regen::resolve_project(schemas)?;
    let mut t = String::from(
        "# Altinn 2 services and their Altinn 3 successors

",
    );
    writeln!(
        t,
        "From the snapshot in `{}`: {} Altinn 2 services, {} Resource Registry resources.
",
        schemas.display(),
        project.catalogue.services.len(),
        project.apps.resources
    )?;
    writeln!(
        t,
        "| service | name | Altinn 3 successor |
|---|---|---|"
    )?;
    let mut known = std::collections::BTreeSet::new();
    for s in &project.catalogue.services {
        known.insert((s.code.clone(), s.edition));
        let successor = if s.successors.is_empty() {
            "none found".to_string()
        } else {
            s.successors.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
        };
        writeln!(t, "| {} {}/{} | {} | {successor} |", s.owner_code, s.code, s.edition, s.name.trim().replace('|', "\\|"))?;
    }
    let others: Vec<_> = project.apps.successors.iter().filter(|(k, _)| !known.contains(*k)).collect();
    if !others.is_empty() {
        writeln!(
            t,
            "\nResources that replaced Altinn 2 services this snapshot does not have:\n\n| service | Altinn 3 resource |\n|---|---|"
        )?;
        for ((code, edition), ids) in others {
            writeln!(t, "| {code}/{edition} | {} |", ids.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", "))?;
        }
    }
    Ok(t)
}

/// The shared corpus folder: `$ALTINN_SHARED` or `../shared` beside the workspace.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("ALTINN_SHARED").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("../shared"))
}

/// Runs the W3C sample through the corpus harness; returns the report and the Markdown summary.
pub fn w3c_summary(w3c: &Path) -> Result<(altinn_harness::corpus::CorpusReport, String)> {
    use altinn_harness::corpus;
    let root = workspace_root();
    let work = root.join("target/w3c");
    std::fs::create_dir_all(&work)?;
    let options = corpus::CorpusOptions {
        xsd_root: std::path::absolute(w3c.join("suite"))?,
        work,
        runtime_crate: root.join("altinn-runtime"),
        lockfile: Some(root.join("Cargo.lock")),
        target_dir: Some(root.join("target/corpus-target")),
        build: true,
        pairs: Some(std::path::absolute(w3c.join("pairs.tsv"))?),
        by_namespace: false,
        samples: true,
        jobs: 0,
        json_oracles: None,
        limits: Limits::default(),
        xmllint: "xmllint".into(),
    };
    let report = corpus::run(&options)?;
    let md = altinn_harness::conformance::markdown("W3C XML Schema test suite: the developer sample", "cargo xtask w3c", &report);
    Ok((report, md))
}

fn run_w3c(w3c: Option<PathBuf>, out: Option<PathBuf>) -> Result<ExitCode> {
    let w3c = w3c.unwrap_or_else(|| shared_dir().join("w3c"));
    let out = out.unwrap_or_else(|| workspace_root().join("docs/w3c-results.md"));
    let (report, md) = w3c_summary(&w3c)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_file_atomically(&out, md.as_bytes())?;
    let json = serde_json::to_string_pretty(&report.to_json())?;
    write_file_atomically(&workspace_root().join("target/w3c-report.json"), json.as_bytes())?;
    println!("w3c: {} (summary: {})", report.totals(), out.display());
    Ok(ExitCode::SUCCESS)
}

/// The command that writes `docs/corpus-samples.md`.
pub const CORPUS_SAMPLES_COMMAND: &str = "cargo xtask corpus --xsd-root ../shared/altinn/xsd --pairs ../shared/altinn/pairs.tsv --report target/corpus-report.json --summary docs/corpus-samples.md";

/// The command that writes docs/corpus-json.md (the JSON oracle checks over the Altinn corpus).
pub const CORPUS_JSON_COMMAND: &str = "cargo xtask corpus --xsd-root ../shared/altinn/xsd --pairs ../shared/altinn/pairs.tsv --json-oracles ../shared/altinn/oracles.tsv --report target/corpus-report.json --json-summary docs/corpus-json.md";

/// The Markdown summary of the Altinn corpus' sample instances (`docs/corpus-samples.md`).
pub fn corpus_samples_markdown(report: &altinn_harness::corpus::CorpusReport) -> String {
    altinn_harness::conformance::samples_markdown("Sample instances of the Altinn corpus", CORPUS_SAMPLES_COMMAND, report)
}

fn run_openapi_corpus(a: CorpusArgs, openapi_root: PathBuf) -> Result<ExitCode> {
    use altinn_harness::openapi_corpus::{self, OpenApiCorpusOptions};
    let root = workspace_root();
    let limits = a.limits();
    let work = std::path::absolute(a.work.unwrap_or_else(|| root.join("target/openapi-corpus")))?;
    let options = OpenApiCorpusOptions {
        root: std::path::absolute(&openapi_root)?,
        patches: a.patches,
        api: a.api.api(),
        work,
        runtime_crate: root.join("altinn-runtime"),
        lockfile: Some(root.join("Cargo.lock")),
        target_dir: Some(root.join("target/corpus-target")),
        build: !a.no_build,
        build_limit: limits.build,
    };
    let report = openapi_corpus::run(&options)?;
    if let Some(dir) = a.report.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_file_atomically(&a.report, serde_json::to_string_pretty(&report.to_json())?.as_bytes())?;
    println!("corpus: {} (report: {})", report.totals(), a.report.display());
    Ok(ExitCode::SUCCESS)
}

fn run_invalid_corpus(a: CorpusArgs, tsv: PathBuf) -> Result<ExitCode> {
    let report = altinn_harness::invalid::run(&tsv, Duration::from_millis(a.timeout_ms))?;
    if let Some(dir) = a.report.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_file_atomically(&a.report, serde_json::to_string_pretty(&report.to_json())?.as_bytes())?;
    if let Some(summary) = &a.summary {
        write_file_atomically(summary, report.markdown(INVALID_COMMAND).as_bytes())?;
    }
    println!("corpus: {} (report: {})", report.totals(), a.report.display());
    Ok(ExitCode::SUCCESS)
}

/// The command that writes `docs/w3c-invalid-results.md`.
pub const INVALID_COMMAND: &str =
    "cargo xtask corpus --invalid ../shared/w3c-invalid/invalid.tsv --report target/invalid.json --summary docs/w3c-invalid-results.md";

fn run_corpus(a: CorpusArgs) -> Result<ExitCode> {
    use altinn_harness::corpus;
    if let Some(tsv) = a.invalid.clone() {
        return run_invalid_corpus(a, tsv);
    }
    let Some(xsd_root) = a.xsd_root.clone() else {
        let openapi_root = a.openapi_root.clone().expect("clap requires one of the two");
        return run_openapi_corpus(a, openapi_root);
    };
    let root = workspace_root();
    let limits = a.limits();
    let work = a.work.unwrap_or_else(|| root.join("target/corpus"));
    std::fs::create_dir_all(&work)?;
    let work = std::path::absolute(&work)?;
    let options = corpus::CorpusOptions {
        xsd_root: std::path::absolute(&xsd_root)?,
        work,
        runtime_crate: root.join("altinn-runtime"),
        lockfile: Some(root.join("Cargo.lock")),
        target_dir: Some(root.join("target/corpus-target")),
        build: !a.no_build,
        pairs: a.pairs,
        by_namespace: !a.no_namespace_lookup,
        samples: !a.no_samples,
        jobs: a.jobs,
        json_oracles: a.json_oracles.as_deref().map(std::path::absolute).transpose()?,
        limits,
        xmllint: a.xmllint.clone(),
    };
    let report = corpus::run(&options)?;
    let json = serde_json::to_string_pretty(&report.to_json())?;
    if let Some(dir) = a.report.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_file_atomically(&a.report, json.as_bytes())?;
    if let Some(summary) = &a.summary {
        write_file_atomically(summary, corpus_samples_markdown(&report).as_bytes())?;
    }
    if let Some(summary) = &a.json_summary {
        write_file_atomically(summary, altinn_harness::json_corpus::markdown(&report, CORPUS_JSON_COMMAND).as_bytes())?;
    }
    println!("corpus: {} (report: {})", report.totals(), a.report.display());
    Ok(ExitCode::SUCCESS)
}

fn run_regen(a: RegenArgs) -> Result<ExitCode> {
    use altinn_codegen::emit::crate_root;
    let root = workspace_root();
    let schemas = a.schemas.unwrap_or_else(|| root.join("schemas"));
    // (generated folder, manifest, lib.rs)
    let (out, manifest, lib) = match (a.krate, a.out) {
        (None, Some(out)) => (out, a.manifest, None),
        (krate, _) => {
            let dir = krate.unwrap_or_else(|| root.join("altinn-generated"));
            let manifest = dir.join("Cargo.toml");
            if !manifest.is_file() && !a.check {
                let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("altinn-generated").to_string();
                let runtime = a.runtime_dep.unwrap_or_else(|| format!("path = {:?}", root.join("altinn-runtime").display().to_string()));
                std::fs::create_dir_all(&dir)?;
                write_file_atomically(&manifest, crate_root::new_manifest(&name, &runtime).as_bytes())?;
                eprintln!("regen: created {}", manifest.display());
            }
            (dir.join(crate_root::GENERATED_DIR), Some(manifest), Some(dir.join(crate_root::LIB_RS)))
        }
    };
    let generated = regen::generate(&schemas)?;
    for d in generated.diagnostics.iter().filter(|d| d.severity > Severity::Note) {
        eprintln!("regen: {d}");
    }
    if let Some(notes) = generated.notes_summary() {
        eprintln!("regen: {notes}");
    }
    let policy = regen::Policy { allow_warnings: a.allow_warnings, skip_broken: a.skip_broken };
    if let Some(why) = generated.refusal(policy) {
        eprintln!("regen: {why}");
        return Ok(ExitCode::FAILURE);
    }
    let lib_text = crate_root::lib_rs();
    if a.check {
        let mut diffs = regen::check(&generated.files, &out)?;
        if let Some(m) = &manifest {
            diffs.extend(regen::check_manifest_features(m, &generated.files)?);
        }
        if let Some(lib) = &lib {
            diffs.extend(regen::check_file(lib, &lib_text));
        }
        if diffs.is_empty() {
            println!("regen --check: {} files in {} are current", generated.files.len(), out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("regen --check: {} of the files in {} differ from what regen produces:", diffs.len(), out.display());
        for d in &diffs {
            eprintln!("  {d}");
        }
        eprintln!("Run `cargo xtask regen` and commit the result (generated files are never edited by hand).");
        return Ok(ExitCode::FAILURE);
    }
    regen::write(&generated.files, &out)?;
    if let Some(m) = &manifest {
        regen::write_manifest_features(m, &generated.files)?;
    }
    if let Some(lib) = &lib
        && std::fs::read(lib).ok().as_deref() != Some(lib_text.as_bytes())
    {
        write_file_atomically(lib, lib_text.as_bytes())?;
    }
    println!("regen: wrote {} files to {}", generated.files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

fn run_openapi_lint(dir: &Path, patches: Option<PathBuf>, api: ApiArg) -> Result<ExitCode> {
    use altinn_codegen::parse::openapi;
    let default = match api {
        ApiArg::Altinn3 => "schemas/altinn3/openapi/patches.toml",
        ApiArg::Altinn2 => "schemas/openapi/patches.toml",
    };
    let patches = patches.unwrap_or_else(|| workspace_root().join(default));
    use altinn_codegen::resolve::openapi::{documents_in, load_document, read_patches};
    use altinn_codegen::snapshot::Disk;
    let list = read_patches(&Disk, &patches)?;
    let mut docs = documents_in(&Disk, dir)?.iter().map(|f| load_document(&Disk, f)).collect::<Result<Vec<_>>>()?;
    let lint = |d: &openapi::RawDocument| openapi::lint_for(d, api.api());
    let defects: Vec<_> = docs.iter().flat_map(lint).collect();
    for d in &defects {
        println!("defect: {d}");
    }
    for line in openapi::apply_patches(&mut docs, &list)? {
        println!("{line}");
    }
    let left: Vec<_> = docs.iter().flat_map(lint).collect();
    for d in &left {
        println!("NOT REPAIRED: {d}");
    }
    println!("{} defects, {} left after {} patches", defects.len(), left.len(), list.len());
    Ok(if left.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn run_cors_check(origin: &str, base_url: &str, api_key: Option<String>) -> Result<ExitCode> {
    use altinn_runtime::api::{ApiKey, Client, Environment};
    // The same presets and parsing as `fetch --base-url`.
    let base = altinn_codegen::fetch::routes::Routes::new(base_url, None).with_context(|| format!("bad --base-url {base_url}"))?;
    let env = Environment::Custom(base.base().clone());
    let mut b = Client::builder(env);
    if let Some(k) = api_key {
        b = b.api_key(ApiKey::new(k));
    }
    let client = b.build()?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let verdict = rt.block_on(client.cors_check(origin))?;
    match &verdict.allow_origin {
        Some(a) if verdict.granted => {
            println!("cors-check: {origin} is granted (Access-Control-Allow-Origin: {a}; status {})", verdict.status)
        }
        Some(a) => println!("cors-check: {origin} is NOT granted (Access-Control-Allow-Origin: {a}; status {})", verdict.status),
        None => println!("cors-check: {origin} is NOT granted (no Access-Control-Allow-Origin; status {})", verdict.status),
    }
    Ok(if verdict.granted { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_argument_read_from_the_environment_shows_its_value_in_help() {
        // clap prints `[env: NAME=value]` in `--help` unless told not to: an API key in the
        // environment would end up in a terminal log.
        use clap::CommandFactory;
        let mut cli = Cli::command();
        cli.build();
        let mut checked = 0;
        for sub in cli.get_subcommands() {
            for arg in sub.get_arguments().filter(|a| a.get_env().is_some()) {
                assert!(arg.is_hide_env_values_set(), "{} --{:?} shows its environment value in --help", sub.get_name(), arg.get_id());
                checked += 1;
            }
        }
        assert!(checked >= 1, "cors-check --api-key reads ALTINN_API_KEY");
    }
}
