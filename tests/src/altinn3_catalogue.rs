//! A loopback stand-in for Altinn 3's public catalogue: the Resource Registry's resource list
//! and, for every app, its `applicationmetadata` and the models of its form data types, as the
//! shared corpus holds them (the 13 app folders and the 86 applications of Storage's listing).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde_json::{Value, json};

use crate::standin::{Route, StandIn};

/// What the stand-in serves, by app.
pub struct ServedApp {
    /// `org/app` as in its metadata.
    pub id: String,
    /// The metadata bytes as served.
    pub metadata: Bytes,
    /// Model files served: data type id → (XSD file, JSON Schema file) in the corpus.
    pub models: BTreeMap<String, (PathBuf, PathBuf)>,
}

/// The URL path of `segments` under `/`, each one percent-encoded segment (as clients build it).
pub fn path_of(prefix: &str, segments: &[&str]) -> String {
    let mut u = url::Url::parse(&format!("http://x{prefix}")).unwrap();
    {
        let mut p = u.path_segments_mut().unwrap();
        p.pop_if_empty();
        for s in segments {
            p.push(s);
        }
    }
    u.path().to_string()
}

fn json_route(body: impl Into<Bytes>) -> Route {
    Route { status: 200, content_type: "application/json; charset=utf-8".into(), body: body.into() }
}

/// A resource of an app, as the registry synthesises it.
fn app_resource(id: &str, title: &Value) -> Value {
    let (org, app) = id.split_once('/').unwrap();
    json!({
        "identifier": format!("app_{org}_{app}"),
        "title": title,
        "resourceType": "AltinnApp",
        "resourceReferences": [{ "referenceSource": "Altinn3", "referenceType": "ApplicationId", "reference": id }],
        "hasCompetentAuthority": { "orgcode": org },
        "limitedByRRR": false,
    })
}

/// Serves the shared Altinn 3 catalogue from `shared/altinn3`; apps at `{base}/apps/{org}/{app}`,
/// the platform at `{base}` (base: `http://127.0.0.1:PORT`). Returns the stand-in and the apps.
pub fn serve(shared: &Path) -> (StandIn, Vec<ServedApp>) {
    let root = shared.join("altinn3");
    let server = StandIn::empty();
    let mut apps: Vec<ServedApp> = Vec::new();
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(root.join("apps")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    for dir in folders {
        let metadata = Bytes::from(std::fs::read(dir.join("applicationmetadata.json")).unwrap());
        let text = String::from_utf8_lossy(metadata.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&metadata)).into_owned();
        let v: Value = serde_json::from_str(&text).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        let mut models = BTreeMap::new();
        for d in v["dataTypes"].as_array().unwrap() {
            let has_model = d["appLogic"]["classRef"].as_str().is_some_and(|c| !c.is_empty());
            let dt = d["id"].as_str().unwrap();
            let (xsd, js) = (dir.join(format!("models/{dt}.xsd")), dir.join(format!("models/{dt}.schema.json")));
            if has_model && xsd.is_file() {
                models.insert(dt.to_string(), (xsd, js));
            }
        }
        apps.push(ServedApp { id, metadata, models });
    }
    let listing: Value = serde_json::from_slice(&std::fs::read(root.join("apps/storage-applications.json")).unwrap()).unwrap();
    for a in listing["applications"].as_array().unwrap() {
        let id = a["id"].as_str().unwrap().to_string();
        if apps.iter().any(|x| x.id == id) {
            continue;
        }
        apps.push(ServedApp { id, metadata: serde_json::to_vec(a).unwrap().into(), models: BTreeMap::new() });
    }

    let mut resources: Vec<Value> = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("resourceregistry/resources")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let b = std::fs::read(f).unwrap();
        resources.push(serde_json::from_slice(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b)).unwrap());
    }
    for a in &apps {
        let (org, name) = a.id.split_once('/').unwrap();
        if resources.iter().any(|r| r["identifier"] == format!("app_{org}_{name}").as_str()) {
            continue;
        }
        let text = String::from_utf8_lossy(a.metadata.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&a.metadata)).into_owned();
        let v: Value = serde_json::from_str(&text).unwrap();
        resources.push(app_resource(&a.id, &v["title"]));
    }
    server.set_route("/resourceregistry/api/v1/resource/resourcelist", json_route(serde_json::to_vec_pretty(&resources).unwrap()));
    for a in &apps {
        let (org, name) = a.id.split_once('/').unwrap();
        server.set_route(&path_of("/apps", &[org, name, "api", "v1", "applicationmetadata"]), json_route(a.metadata.clone()));
        for (dt, (xsd, js)) in &a.models {
            server.set_route(
                &path_of("/apps", &[org, name, "api", "xsdschema", dt]),
                Route { status: 200, content_type: "application/xml".into(), body: std::fs::read(xsd).unwrap().into() },
            );
            if js.is_file() {
                server.set_route(
                    &path_of("/apps", &[org, name, "api", "jsonschema", dt]),
                    Route { status: 200, content_type: "text/plain; charset=utf-8".into(), body: std::fs::read(js).unwrap().into() },
                );
            }
        }
    }
    // The platform OpenAPI documents, as a mirror serves them (`--openapi-source {base}/openapi`).
    for e in std::fs::read_dir(root.join("openapi")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            server.set_route(&format!("/openapi/{name}"), json_route(Bytes::from(std::fs::read(&p).unwrap())));
        }
    }
    (server, apps)
}

/// `http://127.0.0.1:PORT` of a stand-in (its platform base).
pub fn platform_url(server: &StandIn) -> String {
    server.base_url().trim_end_matches("/api").to_string()
}
