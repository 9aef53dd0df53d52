//! URLs of the metadata resource, built from a base URL and values from the service list.
//! Values are pushed as single path segments (so `/` in a value is percent-encoded and a value
//! can never climb out of the route).

use url::Url;

/// The production API (the runtime's definition).
pub const PROD: &str = altinn_runtime::api::PRODUCTION_URL;
/// The public test environment (the runtime's definition).
pub const TT02: &str = altinn_runtime::api::TT02_URL;

/// `base` with `segments` appended, each exactly one path segment: `/` in a value is encoded,
/// and a lone `.` or `..` is encoded so it stays a value and never climbs out of the route.
pub fn join_segments(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    {
        let mut path = url.path_segments_mut().expect("http(s) URLs have a path");
        path.pop_if_empty();
        for s in segments {
            match *s {
                "." => path.push("%2E"),
                ".." => path.push("%2E%2E"),
                s => path.push(s),
            };
        }
    }
    url
}

/// Routes under one base URL.
#[derive(Debug, Clone)]
pub struct Routes {
    base: Url,
    language: Option<u32>,
}

impl Routes {
    /// `base` is e.g. `https://www.altinn.no/api`, or the preset names `prod` and `tt02`.
    pub fn new(base: &str, language: Option<u32>) -> Result<Self, url::ParseError> {
        let base = match base {
            "prod" => PROD,
            "tt02" => TT02,
            other => other,
        };
        let mut base = Url::parse(base)?;
        base.set_query(None);
        base.set_fragment(None);
        Ok(Routes { base, language })
    }

    /// The base URL.
    pub fn base(&self) -> &Url {
        &self.base
    }

    fn url(&self, segments: &[&str], query: &[(&str, String)], with_language: bool) -> Url {
        let mut url = join_segments(&self.base, segments);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if with_language && let Some(l) = self.language {
            pairs.push(("language", l.to_string()));
        }
        pairs.extend(query.iter().cloned());
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        url
    }

    /// One page of the service list.
    pub fn service_list(&self, filter: Option<&str>, top: usize, skip: usize) -> Url {
        let mut q = Vec::new();
        if let Some(f) = filter {
            q.push(("$filter", f.to_string()));
        }
        q.push(("$orderby", "ServiceCode,ServiceEditionCode".to_string()));
        q.push(("$top", top.to_string()));
        q.push(("$skip", skip.to_string()));
        self.url(&["metadata"], &q, true)
    }

    /// A service detail (`kind` is `formtask`, `correspondence` or `lookup`).
    pub fn detail(&self, kind: &str, code: &str, edition: i64) -> Url {
        self.url(&["metadata", kind, code, &edition.to_string()], &[], true)
    }

    /// A form's XSD.
    pub fn form_xsd(&self, code: &str, edition: i64, id: &str, version: i64) -> Url {
        let e = edition.to_string();
        let v = version.to_string();
        self.url(&["metadata", "formtask", code, &e, "forms", id, &v, "xsd"], &[], false)
    }

    /// An attachment rule's XSD.
    pub fn attachment_rule_xsd(&self, code: &str, edition: i64, rule: i64) -> Url {
        let e = edition.to_string();
        let r = rule.to_string();
        self.url(&["metadata", "formtask", code, &e, "attachmentrules", &r, "xsd"], &[], false)
    }

    /// Role requirements of a service edition.
    pub fn role_requirements(&self, code: &str, edition: i64) -> Url {
        self.url(&["metadata", "rolerequirements"], &[("serviceCode", code.to_string()), ("serviceEditionCode", edition.to_string())], true)
    }

    /// All role definitions.
    pub fn role_definitions(&self) -> Url {
        self.url(&["metadata", "roledefinitions"], &[], true)
    }

    /// The code-list index.
    pub fn code_lists(&self) -> Url {
        self.url(&["metadata", "codelists"], &[], true)
    }

    /// One code list.
    pub fn code_list(&self, name: &str, version: i64) -> Url {
        self.url(&["metadata", "codelists", name, &version.to_string()], &[], true)
    }

    /// A link from a response, accepted only when it stays on the base URL's origin; `None`
    /// means "build the URL yourself".
    pub fn follow(&self, href: &str) -> Option<Url> {
        let url = self.base.join(href).ok()?;
        (url.origin() == self.base.origin()).then_some(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_documented_routes() {
        let r = Routes::new("http://127.0.0.1:9/api", Some(1044)).unwrap();
        assert_eq!(
            r.form_xsd("4942", 2017, "sofus", 17091115).as_str(),
            "http://127.0.0.1:9/api/metadata/formtask/4942/2017/forms/sofus/17091115/xsd"
        );
        assert_eq!(r.detail("formtask", "3906", 141205).as_str(), "http://127.0.0.1:9/api/metadata/formtask/3906/141205?language=1044");
        assert_eq!(
            r.role_requirements("3357", 130815).as_str(),
            "http://127.0.0.1:9/api/metadata/rolerequirements?language=1044&serviceCode=3357&serviceEditionCode=130815"
        );
        let list = r.service_list(Some("ServiceOwnerCode eq 'SKD'"), 100, 200);
        assert!(list.as_str().contains("%24top=100&%24skip=200"), "{list}");
    }

    #[test]
    fn hostile_values_stay_in_their_segment() {
        let r = Routes::new("https://www.altinn.no/api/", None).unwrap();
        let u = r.form_xsd("1", 1, "../../x", 1);
        assert_eq!(u.as_str(), "https://www.altinn.no/api/metadata/formtask/1/1/forms/..%2F..%2Fx/1/xsd");
        let u = r.form_xsd("1", 1, "..", 1);
        assert!(u.path().contains("/forms/%252E%252E/") || u.path().contains("/forms/%2E%2E/"), "{u}");
    }

    #[test]
    fn follows_only_same_origin_links() {
        let r = Routes::new("tt02", None).unwrap();
        assert!(r.follow("https://tt02.altinn.no/api/metadata/formtask/1/1").is_some());
        assert!(r.follow("https://evil.example/api/metadata").is_none());
        assert!(r.follow("/api/metadata/formtask/1/1").is_some());
    }
}
