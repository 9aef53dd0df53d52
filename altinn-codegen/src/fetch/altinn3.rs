//! `fetch --altinn3`: the Resource Registry's resource list and, for each selected app, its
//! `applicationmetadata` and the model (XSD and JSON Schema) of each form data type, into the
//! Altinn 3 part of the snapshot (`altinn3/`, with its own lock), swapped in whole. The Altinn 2
//! part is never touched; a failure leaves the old Altinn 3 part as it was.
//!
//! The platform APIs' OpenAPI documents (Storage, Correspondence, Broker, Authentication, the
//! Resource Registry, Dialogporten) are stored in `altinn3/openapi/` under their published names,
//! from each service's route on the platform host or from `{openapi_source}/{document}.json`. A
//! document that cannot be fetched is reported and its old copy (with its lock line) stays.
//!
//! Hosts: `{platform}` serves the resource list; each app lives at `{apps}/{org}/{app}`, where
//! `{apps}` is `https://{org}.apps.altinn.no` (prod) or `https://{org}.apps.tt02.altinn.no`
//! (tt02), or one URL given for every app (a loopback stand-in). No other host is contacted: an
//! org code from the server chooses a host name only when it is a plain `[a-z0-9-]` label.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use futures::{StreamExt, TryStreamExt};
use url::Url;

use super::http::{Http, HttpOptions};
use super::progress::{Progress, ProgressMode};
use super::store::SnapshotWriter;
use crate::parse::altinn3::{self as a3, Application};
use crate::snapshot::layout;
use crate::snapshot::selection::{Altinn3Selection, Selection};

/// The Altinn 3 environments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Env {
    /// Production: `https://platform.altinn.no`, `https://{org}.apps.altinn.no`.
    #[default]
    Prod,
    /// The test environment: `https://platform.tt02.altinn.no`, `https://{org}.apps.tt02.altinn.no`.
    Tt02,
}

impl Env {
    /// The platform base URL.
    pub fn platform(self) -> &'static str {
        match self {
            Env::Prod => "https://platform.altinn.no",
            Env::Tt02 => "https://platform.tt02.altinn.no",
        }
    }

    /// The host of an org's apps.
    fn apps_host(self, org: &str) -> String {
        match self {
            Env::Prod => format!("https://{org}.apps.altinn.no"),
            Env::Tt02 => format!("https://{org}.apps.tt02.altinn.no"),
        }
    }
}

/// Everything `fetch --altinn3` needs.
#[derive(Debug, Clone)]
pub struct Altinn3Options {
    /// The snapshot folder (its `altinn3/` part is replaced).
    pub out: PathBuf,
    /// Which hosts.
    pub env: Env,
    /// Overrides the platform base URL.
    pub platform_url: Option<String>,
    /// Overrides the apps' base URL: apps are then at `{apps_url}/{org}/{app}/…`.
    pub apps_url: Option<String>,
    /// The selection file; `None` uses `out/selection.toml` when it exists.
    pub selection: Option<PathBuf>,
    /// Overrides the selection's Altinn 3 part (`--apps`, `--orgs`, `--all-apps`).
    pub choose: Option<Altinn3Selection>,
    /// Where the platform OpenAPI documents are fetched from: `{source}/{document}.json`
    /// (default: each service's own route on the platform host, [`PLATFORM_DOCUMENTS`]).
    pub openapi_source: Option<String>,
    /// Concurrency, timeouts and retries.
    pub http: HttpOptions,
    /// Progress display.
    pub progress: ProgressMode,
}

impl Altinn3Options {
    /// Defaults: production, the snapshot's own selection.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        Altinn3Options {
            out: out.into(),
            env: Env::Prod,
            platform_url: None,
            apps_url: None,
            selection: None,
            choose: None,
            openapi_source: None,
            http: HttpOptions::default(),
            progress: ProgressMode::Auto,
        }
    }
}

/// What a fetch did.
#[derive(Debug, Clone, Default)]
pub struct Altinn3Report {
    /// Resources in the list.
    pub resources: usize,
    /// Apps fetched.
    pub apps: usize,
    /// Models fetched (XSD and JSON Schema files).
    pub models: usize,
    /// Routes that answered 404/410: (status, URL, snapshot path it would have had).
    pub missing: Vec<(u16, String, String)>,
    /// Apps left out, and why (an org code that cannot be a host name, an id that is not `org/app`).
    pub skipped: Vec<String>,
    /// Platform OpenAPI documents fetched.
    pub documents: usize,
    /// Platform OpenAPI documents not fetched, and why (their old copies stay when there are any).
    pub documents_failed: Vec<String>,
    /// Everything logged.
    pub log: Vec<String>,
}

/// Runs an Altinn 3 fetch; on any error the old `altinn3/` part is left untouched.
pub async fn fetch(options: &Altinn3Options) -> Result<Altinn3Report> {
    let progress = Progress::new(options.progress);
    let result = run(options, progress.clone()).await;
    progress.finish();
    let mut report = result?;
    report.log = progress.lines();
    Ok(report)
}

/// The platform OpenAPI documents: (module, document file stem as published, route on the
/// platform host where the service serves it). The routes are the services' Swashbuckle
/// defaults; `--openapi-source` points elsewhere (a mirror, a stand-in).
pub const PLATFORM_DOCUMENTS: [(&str, &str, &str); 6] = [
    ("authentication", "altinn-platform-authentication-v1", "authentication/swagger/v1/swagger.json"),
    ("broker", "altinn-broker-v1", "broker/swagger/v1/swagger.json"),
    ("correspondence", "altinn-correspondence-v1", "correspondence/swagger/v1/swagger.json"),
    ("dialogporten_serviceowner", "dialogporten-v1-serviceowner", "dialogporten/swagger/v1/serviceowner/swagger.json"),
    ("resource_registry", "altinn-resource-registry-v1", "resourceregistry/swagger/v1/swagger.json"),
    ("storage", "altinn-platform-storage-v1", "storage/swagger/v1/swagger.json"),
];

/// An org code usable in a host name: a plain lower-case DNS label.
fn is_org_label(org: &str) -> bool {
    !org.is_empty()
        && org.len() <= 63
        && org.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !org.starts_with('-')
        && !org.ends_with('-')
}

struct Hosts {
    platform: Url,
    apps: Option<Url>,
    env: Env,
}

impl Hosts {
    fn resource_list(&self) -> Url {
        join(&self.platform, &["resourceregistry", "api", "v1", "resource", "resourcelist"])
    }

    /// `{apps}/{org}/{app}/{rest…}`; `None` when the org cannot choose a host.
    fn app(&self, org: &str, app: &str, rest: &[&str]) -> Option<Url> {
        let base = match &self.apps {
            Some(u) => u.clone(),
            None if is_org_label(org) => Url::parse(&self.env.apps_host(org)).ok()?,
            None => return None,
        };
        let mut segments = vec![org, app];
        segments.extend_from_slice(rest);
        Some(join(&base, &segments))
    }
}

/// `base` with `segments` appended (the one segment encoding of [`super::routes`]), without
/// the base's query and fragment.
fn join(base: &Url, segments: &[&str]) -> Url {
    let mut url = super::routes::join_segments(base, segments);
    url.set_query(None);
    url.set_fragment(None);
    url
}

async fn run(options: &Altinn3Options, progress: Progress) -> Result<Altinn3Report> {
    let platform = options.platform_url.as_deref().unwrap_or(options.env.platform());
    let hosts = Hosts {
        platform: Url::parse(platform).with_context(|| format!("invalid --platform-url `{platform}`"))?,
        apps: options.apps_url.as_deref().map(|u| Url::parse(u).with_context(|| format!("invalid --apps-url `{u}`"))).transpose()?,
        env: options.env,
    };
    let choose = match &options.choose {
        Some(c) => c.clone(),
        None => {
            let path = options.selection.clone().or_else(|| Some(options.out.join(layout::SELECTION_FILE)).filter(|p| p.exists()));
            match path {
                Some(p) => {
                    let text = std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
                    Selection::parse(&text, &p.display().to_string())?.altinn3
                }
                None => Altinn3Selection::default(),
            }
        }
    };
    let http = Http::new(options.http.clone(), progress.clone())?;
    let target = options.out.join(layout::ALTINN3_DIR);
    let out = SnapshotWriter::new(&target, progress.clone())?;
    let mut report = Altinn3Report::default();

    // The resource list: public, large, kept as received.
    let list_url = hosts.resource_list();
    let Some(body) = out.get_and_store(&http, &list_url, "application/json", layout::A3_RESOURCE_LIST.into(), "resource list").await?
    else {
        bail!("GET {list_url}: the Resource Registry has no resource list here (is --platform-url right?)");
    };
    let resources = a3::read_resource_list(&body.bytes, list_url.as_str())?;
    report.resources = resources.len();

    // The apps the selection keeps: from the list, and any the selection names that the list
    // does not have (the registry can lag behind the apps).
    let mut apps: Vec<(String, String)> = resources
        .iter()
        .filter_map(|r| r.app())
        .filter(|(org, app)| choose.keeps_app(org, app))
        .map(|(o, a)| (o.to_string(), a.to_string()))
        .collect();
    for named in &choose.apps {
        match named.split_once('/') {
            Some((o, a)) if !o.is_empty() && !a.is_empty() && !a.contains('/') => {
                if !apps.iter().any(|(x, y)| x.eq_ignore_ascii_case(o) && y == a) {
                    progress.log(&format!("{named}: not in the resource list; fetching it as named"));
                    apps.push((o.to_string(), a.to_string()));
                }
            }
            _ => report.skipped.push(format!("{named}: not an app id of the form org/app")),
        }
    }
    apps.sort();
    apps.dedup();
    progress.log(&format!("{} resources listed, {} apps selected", resources.len(), apps.len()));
    progress.add_work(apps.len() as u64);

    let fetched: Vec<(usize, Option<String>)> = futures::stream::iter(apps.iter().map(|(org, app)| {
        let (hosts, http, out, progress) = (&hosts, &http, &out, &progress);
        async move {
            let Some(meta_url) = hosts.app(org, app, &["api", "v1", "applicationmetadata"]) else {
                progress.done_one(&format!("{org}/{app}"));
                return Ok::<_, anyhow::Error>((0, Some(format!("{org}/{app}: the org code `{org}` cannot be a host name; not fetched"))));
            };
            let what = format!("metadata of {org}/{app}");
            let Some(body) = out.get_and_store(http, &meta_url, "application/json", layout::a3_app_metadata(org, app), &what).await? else {
                progress.done_one(&format!("{org}/{app}"));
                return Ok((0, None));
            };
            let meta: Application = a3::read_application(&body.bytes, meta_url.as_str())?;
            let mut models = 0;
            for d in meta.data_types.iter().filter(|d| d.is_form()) {
                let id = d.id.as_str();
                let xsd = hosts.app(org, app, &["api", "xsdschema", id]).expect("the host was usable above");
                if out
                    .get_and_store(
                        http,
                        &xsd,
                        "application/xml, */*",
                        layout::a3_model_xsd(org, app, id),
                        &format!("XSD of {org}/{app} {id}"),
                    )
                    .await?
                    .is_some()
                {
                    models += 1;
                }
                let json = hosts.app(org, app, &["api", "jsonschema", id]).expect("the host was usable above");
                if out
                    .get_and_store(
                        http,
                        &json,
                        "*/*",
                        layout::a3_model_json_schema(org, app, id),
                        &format!("JSON Schema of {org}/{app} {id}"),
                    )
                    .await?
                    .is_some()
                {
                    models += 1;
                }
            }
            progress.done_one(&format!("{org}/{app}"));
            Ok((models, None))
        }
    }))
    .buffer_unordered(options.http.concurrency.max(1))
    .try_collect()
    .await?;
    for (models, skipped) in fetched {
        report.models += models;
        match skipped {
            Some(s) => {
                progress.log(&s);
                report.skipped.push(s);
            }
            None => report.apps += 1,
        }
    }

    // The platform documents the selection keeps (every one by default).
    let old_lock = crate::snapshot::lock::Lock::read(&target).ok();
    for (module, document, route) in PLATFORM_DOCUMENTS {
        if !choose.keeps_platform(module) {
            continue;
        }
        let url = match &options.openapi_source {
            Some(src) => {
                let base = Url::parse(src).with_context(|| format!("invalid --openapi-source `{src}`"))?;
                join(&base, &[&format!("{document}.json")])
            }
            None => join(&hosts.platform, &route.split('/').collect::<Vec<_>>()),
        };
        let path = format!("openapi/{document}.json");
        let failure = match http.get(&url, "application/json").await {
            Ok(super::http::Answer::Found(body)) => {
                match serde_json::from_slice::<serde_json::Value>(body.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&body.bytes)) {
                    Ok(v) if v.get("openapi").and_then(serde_json::Value::as_str).is_some_and(|o| o.starts_with('3')) => {
                        out.store(path.clone(), &body)?;
                        report.documents += 1;
                        None
                    }
                    Ok(_) => Some(format!("{url}: not an OpenAPI 3 document")),
                    Err(e) => Some(format!("{url}: not JSON: {e}")),
                }
            }
            Ok(super::http::Answer::Missing(status)) => Some(format!("{url}: {status}")),
            Err(e) => Some(e.to_string()),
        };
        if let Some(why) = failure {
            let kept = old_lock.as_ref().and_then(|l| l.entries.iter().find(|e| e.path == path && e.status == 200)).cloned();
            let line = match kept {
                Some(entry) if target.join(&path).is_file() => {
                    out.keep_from(&target, &path)?;
                    out.keep_entry(entry);
                    format!("{document}: not fetched ({why}); the old copy stays")
                }
                _ => format!("{document}: not fetched ({why}); the snapshot has no copy of it"),
            };
            progress.log(&line);
            report.documents_failed.push(line);
        }
    }

    let (lock, _) = out.take_lock();
    report.missing = lock.missing().map(|e| (e.status, e.url.clone(), e.path.clone())).collect();
    report.apps -= report.missing.iter().filter(|(_, _, p)| p.ends_with("/applicationmetadata.json")).count();
    // The patch list of the platform documents is ours, written by hand: a fetch keeps it.
    for own in layout::A3_OWN_FILES {
        out.keep_from(&target, own)?;
    }
    out.write_own(layout::README_FILE, readme(&hosts, &report).as_bytes())?;
    out.write_own(layout::LOCK_FILE, lock.render().as_bytes())?;
    out.commit()?;
    Ok(report)
}

fn readme(hosts: &Hosts, report: &Altinn3Report) -> String {
    format!(
        "# Altinn 3 part of the snapshot\n\n\
         Written by `cargo xtask fetch --altinn3` from `{platform}` (apps at {apps}): {resources} resources listed, {apps_n} apps.\n\n\
         - `resourceregistry/resourcelist.json`: the Resource Registry's resource list, as received.\n\
         - `apps/{{org}}/{{app}}/applicationmetadata.json`: each selected app's metadata.\n\
         - `apps/{{org}}/{{app}}/models/{{dataType}}.xsd` and `.schema.json`: the model of each form data type.\n\
         - `openapi/{{document}}.json`: the platform APIs' OpenAPI documents ({documents} fetched), as received; \
         `openapi/patches.toml` (ours) repairs their defects.\n\
         - `altinn.lock`: every route asked for, with URL, status, sha256, size and content type.\n\n\
         Values from the server that become file names are percent-encoded.\n",
        platform = hosts.platform,
        apps = hosts.apps.as_ref().map(|u| format!("`{u}`")).unwrap_or_else(|| format!("`{}`", hosts.env.apps_host("{org}"))),
        resources = report.resources,
        apps_n = report.apps,
        documents = report.documents,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_never_choose_a_host_or_climb_out() {
        let hosts = Hosts { platform: Url::parse("https://platform.altinn.no").unwrap(), apps: None, env: Env::Prod };
        assert_eq!(hosts.app("ttd", "app", &["api"]).unwrap().as_str(), "https://ttd.apps.altinn.no/ttd/app/api");
        assert!(hosts.app("evil.example.com/x", "app", &[]).is_none());
        assert!(hosts.app("TTD", "app", &[]).is_none(), "upper case is not a host label");
        let one = Hosts { apps: Some(Url::parse("http://127.0.0.1:9/").unwrap()), ..hosts };
        assert_eq!(one.app("ttd", "../../x", &["api", ".."]).unwrap().as_str(), "http://127.0.0.1:9/ttd/..%2F..%2Fx/api/%252E%252E");
        assert_eq!(layout::a3_model_xsd("ttd", "a", "../m"), "apps/ttd/a/models/%2E%2E%2Fm.xsd");
    }
}
