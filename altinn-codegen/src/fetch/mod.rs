//! `fetch`: downloads Altinn's metadata resource and the forms' XSDs into a snapshot folder.
//!
//! The service list is paged with `$top`/`$skip` (or HAL `next` links) until an empty page; each
//! selected service's detail, form XSDs, attachment-rule XSDs and role requirements follow, then
//! role definitions and code lists. Both HAL+JSON and plain JSON are read. Every body is stored as
//! received in a staging folder that replaces the target only when everything succeeded.

pub mod altinn3;
pub mod http;
pub mod progress;
pub mod routes;
pub mod store;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use futures::{StreamExt, TryStreamExt};
use url::Url;

use crate::parse::metadata::{self, CodeListRef, ServiceDetail, ServiceSummary};
use crate::snapshot::layout;
use crate::snapshot::selection::Selection;
use http::{Answer, Body, Http, HttpOptions};
use progress::{Progress, ProgressMode};
use routes::Routes;
use store::SnapshotWriter;

/// Which representation to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Media {
    /// `application/hal+json` (links are followed).
    #[default]
    HalJson,
    /// `application/json` (bare arrays; URLs are built from fields).
    Json,
}

impl Media {
    fn accept(self) -> &'static str {
        match self {
            Media::HalJson => "application/hal+json",
            Media::Json => "application/json",
        }
    }
}

/// Everything `fetch` needs.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// API base, e.g. `https://www.altinn.no/api`, or `prod` / `tt02`.
    pub base_url: String,
    /// The snapshot folder to replace.
    pub out: PathBuf,
    /// `language` query parameter (1044, 2068, 1033).
    pub language: Option<u32>,
    /// OData `$filter` for the service list.
    pub filter: Option<String>,
    /// Selection file; `None` uses `out/selection.toml` when it exists.
    pub selection: Option<PathBuf>,
    /// Representation to ask for.
    pub media: Media,
    /// `$top` of each service-list page.
    pub page_size: usize,
    /// HTTP knobs.
    pub http: HttpOptions,
    /// How progress is shown.
    pub progress: ProgressMode,
    /// Published OpenAPI documents to download into `openapi/` (none by default in the
    /// library; the `fetch` command asks for [`OpenApiSource::published`]).
    pub openapi: Option<OpenApiSource>,
}

/// Where the published OpenAPI documents are, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenApiSource {
    /// The folder URL the documents are under (ends with `/`).
    pub base: String,
    /// Document names without `.json`.
    pub documents: Vec<String>,
}

/// Where Altinn publishes the OpenAPI documents of the Altinn 2 REST API: the `static/swagger/`
/// folder of the Altinn/docs site.
pub const PUBLISHED_OPENAPI_BASE: &str = "https://docs.altinn.studio/swagger/";

/// The published documents (`static/swagger/*.json` of Altinn/docs).
pub const PUBLISHED_OPENAPI_DOCUMENTS: [&str; 10] = [
    "altinn-api-common",
    "altinn-api-odata",
    "altinn-enduser-authentication-v0",
    "altinn-enduser-authorization-v0",
    "altinn-enduser-brokerservice-v0",
    "altinn-enduser-consentrequests-v0",
    "altinn-enduser-delegationrequests-v0",
    "altinn-enduser-enterpriseusers-v0",
    "altinn-enduser-metadata-v0",
    "altinn-serviceowner-srr-v0",
];

impl OpenApiSource {
    /// The published documents at `base` (default [`PUBLISHED_OPENAPI_BASE`]).
    pub fn published(base: Option<&str>) -> Self {
        let mut base = base.unwrap_or(PUBLISHED_OPENAPI_BASE).to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        OpenApiSource { base, documents: PUBLISHED_OPENAPI_DOCUMENTS.iter().map(|d| d.to_string()).collect() }
    }
}

impl FetchOptions {
    /// Defaults for a base URL and an output folder.
    pub fn new(base_url: impl Into<String>, out: impl Into<PathBuf>) -> Self {
        FetchOptions {
            base_url: base_url.into(),
            out: out.into(),
            language: Some(1044),
            filter: None,
            selection: None,
            media: Media::default(),
            page_size: 1000,
            http: HttpOptions::default(),
            progress: ProgressMode::Auto,
            openapi: None,
        }
    }
}

/// What a fetch did.
#[derive(Debug, Clone, Default)]
pub struct FetchReport {
    /// Services in the list (after `$filter`).
    pub listed: usize,
    /// Services kept by the selection.
    pub selected: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written (bodies only).
    pub bytes: u64,
    /// Routes that answered 404/410: (status, URL, snapshot path it would have had).
    pub missing: Vec<(u16, String, String)>,
    /// Everything logged.
    pub log: Vec<String>,
}

/// Runs a fetch; on any error the old snapshot is left untouched.
pub async fn fetch(options: &FetchOptions) -> Result<FetchReport> {
    let progress = Progress::new(options.progress);
    let result = Fetcher::new(options, progress.clone())?.run().await;
    progress.finish();
    let mut report = result?;
    report.log = progress.lines();
    Ok(report)
}

struct Fetcher<'a> {
    options: &'a FetchOptions,
    routes: Routes,
    http: Http,
    out: SnapshotWriter,
    progress: Progress,
    selection: Option<(Selection, String)>,
}

impl<'a> Fetcher<'a> {
    fn new(options: &'a FetchOptions, progress: Progress) -> Result<Self> {
        let routes =
            Routes::new(&options.base_url, options.language).with_context(|| format!("invalid --base-url `{}`", options.base_url))?;
        let selection_path = options.selection.clone().or_else(|| Some(options.out.join(layout::SELECTION_FILE)).filter(|p| p.exists()));
        let selection = match selection_path {
            Some(p) => {
                let text = std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
                let sel = Selection::parse(&text, &p.display().to_string())?;
                Some((sel, text))
            }
            None => None,
        };
        let http = Http::new(options.http.clone(), progress.clone())?;
        let out = SnapshotWriter::new(&options.out, progress.clone())?;
        Ok(Fetcher { options, routes, http, out, progress, selection })
    }

    async fn get_and_store(&self, url: &Url, accept: &str, path: String, what: &str) -> Result<Option<Body>> {
        self.out.get_and_store(&self.http, url, accept, path, what).await
    }

    fn link_or(&self, links: &metadata::Links, rel: &str, built: Url) -> Url {
        match links.get(rel) {
            Some(link) => match self.routes.follow(&link.href) {
                Some(u) => u,
                None => {
                    self.progress.log(&format!("ignoring `{rel}` link to another origin: {}", link.href));
                    built
                }
            },
            None => built,
        }
    }

    async fn run(self) -> Result<FetchReport> {
        let accept = self.options.media.accept();
        let services = self.fetch_service_list(accept).await?;
        let listed = services.len();
        let selected: Vec<ServiceSummary> = services
            .into_iter()
            .filter(|s| match &self.selection {
                Some((sel, _)) => sel.keeps(&s.service_owner_code, &s.service_code, s.service_edition_code),
                None => true,
            })
            .collect();
        self.progress.log(&format!("{listed} services listed, {} selected", selected.len()));
        self.progress.add_work(selected.len() as u64 + 2 + u64::from(self.options.openapi.is_some()));

        let concurrency = self.options.http.concurrency.max(1);
        futures::stream::iter(selected.iter().map(|s| self.fetch_service(s, accept)))
            .buffer_unordered(concurrency)
            .try_collect::<Vec<()>>()
            .await?;

        let roles_url = self.routes.role_definitions();
        self.get_and_store(&roles_url, accept, layout::ROLE_DEFINITIONS.into(), "role definitions").await?;
        self.progress.done_one("role definitions");
        self.fetch_code_lists(accept).await?;
        self.progress.done_one("code lists");
        self.fetch_openapi().await?;

        // Finish the snapshot: selection, README, lock; then swap it in.
        if let Some((_, text)) = &self.selection {
            self.out.write_own(layout::SELECTION_FILE, text.as_bytes())?;
        }
        // The user's name overrides belong to the snapshot folder, not to the server; our own
        // OpenAPI document and the patch list are written by hand; the Altinn 3 part is fetched
        // on its own (`fetch --altinn3`). A fetch keeps all of them.
        self.out.keep_from(&self.options.out, layout::NAMES_FILE)?;
        for own in layout::OWN_OPENAPI_FILES {
            self.out.keep_from(&self.options.out, own)?;
        }
        self.out.keep_from(&self.options.out, layout::ALTINN3_DIR)?;
        let (lock, bytes) = self.out.take_lock();
        let missing: Vec<_> = lock.missing().map(|e| (e.status, e.url.clone(), e.path.clone())).collect();
        let files = lock.entries.len() - missing.len();
        self.out.write_own(layout::README_FILE, snapshot_readme(&self.routes, self.options, listed, selected.len()).as_bytes())?;
        self.out.write_own(layout::LOCK_FILE, lock.render().as_bytes())?;
        self.out.commit()?;
        self.progress.log(&format!(
            "wrote {files} files ({bytes} bytes) to {}; {} routes missing",
            self.options.out.display(),
            missing.len()
        ));
        Ok(FetchReport { listed, selected: selected.len(), files, bytes, missing, log: Vec::new() })
    }

    async fn fetch_service_list(&self, accept: &str) -> Result<Vec<ServiceSummary>> {
        let top = self.options.page_size.max(1);
        let mut seen: BTreeSet<(String, i64)> = BTreeSet::new();
        let mut services = Vec::new();
        let mut next = self.routes.service_list(self.options.filter.as_deref(), top, 0);
        let mut skip = 0usize;
        for page_no in 0.. {
            if page_no > 100_000 {
                bail!("the service list did not end after 100000 pages ({next})");
            }
            let body = match self.http.get(&next, accept).await? {
                Answer::Found(b) => b,
                Answer::Missing(status) => bail!("GET {next}: {status}: the service list itself is missing"),
            };
            let page = metadata::read_list(&body.bytes, "metadata", body.url.as_str())?;
            if page.items.is_empty() {
                break;
            }
            let count = page.items.len();
            let mut fresh = 0;
            for (i, item) in page.items.into_iter().enumerate() {
                let s: ServiceSummary = metadata::item(item, "service", skip + i, body.url.as_str())?;
                if seen.insert((s.service_code.clone(), s.service_edition_code)) {
                    fresh += 1;
                    services.push(s);
                }
            }
            if fresh == 0 {
                self.progress.log(&format!(
                    "page {page_no} of the service list repeats earlier entries (the server ignores $skip); the list is complete"
                ));
                break;
            }
            self.out.store(layout::service_list_page(page_no), &body)?;
            skip += count;
            next = match page.links.get("next").and_then(|l| self.routes.follow(&l.href)) {
                Some(url) => url,
                None => self.routes.service_list(self.options.filter.as_deref(), top, skip),
            };
        }
        Ok(services)
    }

    async fn fetch_service(&self, s: &ServiceSummary, accept: &str) -> Result<()> {
        let code = &s.service_code;
        let edition = s.service_edition_code;
        let label = format!("{} {}/{}", s.service_owner_code, code, edition);
        // Role requirements exist for every kind of service (schemes and apps too).
        let rr_url = self.link_or(&s.links, "rolerequirements", self.routes.role_requirements(code, edition));
        let rr_what = format!("role requirements of {label}");
        let rr = self.get_and_store(&rr_url, accept, layout::role_requirements(code, edition), &rr_what);
        let detail = self.fetch_detail(s, accept, &label);
        futures::future::try_join(rr, detail).await?;
        self.progress.done_one(&label);
        Ok(())
    }

    /// The detail of a form task, correspondence or lookup, then its XSDs.
    async fn fetch_detail(&self, s: &ServiceSummary, accept: &str, label: &str) -> Result<()> {
        let code = &s.service_code;
        let edition = s.service_edition_code;
        let Some(kind) = s.service_type.detail_route() else {
            return Ok(());
        };
        let detail_url = self.link_or(&s.links, "self", self.routes.detail(kind, code, edition));
        let detail = self.get_and_store(&detail_url, accept, layout::service_detail(code, edition), &format!("detail of {label}")).await?;
        let Some(body) = detail else {
            return Ok(());
        };
        let detail: ServiceDetail = metadata::read_one(&body.bytes, "service detail", body.url.as_str())?;
        let mut xsds = Vec::new();
        for f in &detail.forms {
            let built = self.routes.form_xsd(code, edition, &f.data_format_id, f.data_format_version);
            let url = self.link_or(&f.links, "schema", built);
            let path = layout::form_xsd(code, edition, &f.data_format_id, f.data_format_version);
            let what = format!("XSD of form {}/{} of {label}", f.data_format_id, f.data_format_version);
            xsds.push((url, path, what));
        }
        for r in &detail.attachment_rules {
            if r.is_xsd_validation_required == Some(true) || r.links.get("schema").is_some() {
                let built = self.routes.attachment_rule_xsd(code, edition, r.attachment_rule_id);
                let url = self.link_or(&r.links, "schema", built);
                let path = layout::attachment_rule_xsd(code, edition, r.attachment_rule_id);
                let what = format!("XSD of attachment rule {} of {label}", r.attachment_rule_id);
                xsds.push((url, path, what));
            }
        }
        futures::future::try_join_all(xsds.iter().map(|(url, path, what)| self.get_and_store(url, "application/xml", path.clone(), what)))
            .await?;
        Ok(())
    }

    /// The published OpenAPI documents, each stored as `openapi/<name>.json` when it is there
    /// (a missing one is recorded, as any missing route); a body that is not JSON fails the fetch.
    async fn fetch_openapi(&self) -> Result<()> {
        let Some(source) = &self.options.openapi else { return Ok(()) };
        let base = Url::parse(&source.base).with_context(|| format!("invalid OpenAPI base URL `{}`", source.base))?;
        futures::stream::iter(source.documents.iter().map(|name| {
            let base = base.clone();
            async move {
                let url = base.join(&format!("{name}.json")).with_context(|| format!("OpenAPI document name `{name}`"))?;
                let what = format!("OpenAPI document {name}");
                // Stored in the staging folder, which is dropped when this fails.
                if let Some(body) = self.get_and_store(&url, "application/json", layout::openapi_document(name), &what).await? {
                    serde_json::from_slice::<serde_json::Value>(&body.bytes)
                        .with_context(|| format!("GET {url}: the {what} is not JSON"))?;
                }
                Ok::<(), anyhow::Error>(())
            }
        }))
        .buffer_unordered(self.options.http.concurrency.max(1))
        .try_collect::<Vec<()>>()
        .await
        .with_context(|| {
            format!(
                "cannot download the published OpenAPI documents from {base} (offline? pass --no-openapi to \
                 fetch without them, or --openapi-base URL for another source)"
            )
        })?;
        self.progress.done_one("OpenAPI documents");
        Ok(())
    }

    async fn fetch_code_lists(&self, accept: &str) -> Result<()> {
        let url = self.routes.code_lists();
        let Some(body) = self.get_and_store(&url, accept, layout::CODE_LIST_INDEX.into(), "code-list index").await? else {
            return Ok(());
        };
        let (lists, _): (Vec<CodeListRef>, _) = metadata::read_items(&body.bytes, "codelists", "code list", body.url.as_str())?;
        let lists = Arc::new(lists);
        futures::stream::iter(lists.iter().map(|c| {
            let built = self.routes.code_list(&c.name, c.version);
            let url = self.link_or(&c.links, "self", built);
            let path = layout::code_list(&c.name, c.version);
            let what = format!("code list {} v{}", c.name, c.version);
            async move { self.get_and_store(&url, accept, path, &what).await.map(|_| ()) }
        }))
        .buffer_unordered(self.options.http.concurrency.max(1))
        .try_collect::<Vec<()>>()
        .await
        .map_err(|e| anyhow!(e))?;
        Ok(())
    }
}

fn snapshot_readme(routes: &Routes, options: &FetchOptions, listed: usize, selected: usize) -> String {
    format!(
        "# Altinn metadata snapshot\n\n\
         Written by `cargo xtask fetch` from `{base}` (language {lang}, filter {filter}): {listed} services listed, \
         {selected} kept by the selection.\n\n\
         - `metadata/services/page-NNNN.json`: the service list, page by page, as received.\n\
         - `services/{{code}}/{{edition}}/detail.json`: form-task, correspondence or lookup detail.\n\
         - `services/{{code}}/{{edition}}/forms/{{DataFormatID}}-{{DataFormatVersion}}.xsd`: form schemas, bytes as received.\n\
         - `services/{{code}}/{{edition}}/attachmentrules/{{id}}.xsd`: attachment rule schemas.\n\
         - `services/{{code}}/{{edition}}/rolerequirements.json`, `metadata/roledefinitions.json`, `metadata/codelists/`.\n\
         - `openapi/*.json`: the published OpenAPI documents, as received (with our own document and `patches.toml` beside them, kept across fetches).\n\
         - `selection.toml` (optional): which service owners and services fetch keeps.\n\
         - `altinn.lock`: every route asked for, with URL, status, sha256, size and content type.\n\n\
         Values from the server that become file names are percent-encoded (`../x` → `%2E%2E%2Fx`).\n\
         Regenerate the Rust crate from this folder with `cargo xtask regen`.\n",
        base = routes.base(),
        lang = options.language.map(|l| l.to_string()).unwrap_or_else(|| "default".into()),
        filter = options.filter.as_deref().map(|f| format!("`{f}`")).unwrap_or_else(|| "none".into()),
    )
}
