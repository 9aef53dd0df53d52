//! The fuzz targets: each takes bytes and must answer with a value or an error, never a panic.

use std::path::Path;

/// A target: its seeds (folders under the shared corpus with file extensions), seeds of its
/// own, and what one run does.
pub struct Target {
    /// Seed folders under the shared corpus, and the extensions taken.
    pub seeds: &'static [(&'static str, &'static [&'static str])],
    /// Seeds that need no corpus.
    pub builtin_seeds: &'static [&'static [u8]],
    /// One run.
    pub run: fn(&[u8], &Path),
}

/// Every target's name.
pub const NAMES: &[&str] = &["xsd", "form", "app-form", "json", "openapi"];

/// A target by name.
pub fn by_name(name: &str) -> Option<Target> {
    Some(match name {
        // Bytes → parse → resolve → emit → print, as regen runs it over a schema.
        "xsd" => Target {
            seeds: &[("altinn/xsd/seres", &["xsd"]), ("altinn/xsd/synthetic", &["xsd"]), ("w3c-invalid/suite/msData", &["xsd"])],
            builtin_seeds: &[b"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"a\" type=\"xs:string\"/></xs:schema>"],
            run: |bytes, work| {
                let path = work.join("input.xsd");
                if std::fs::write(&path, bytes).is_ok() {
                    let _ = altinn_harness::corpus::generate_module(&path, "altinn_runtime::xml");
                }
            },
        },
        // Bytes → a generated form's reader (the sample RF-9001 and OR form), both modes.
        "form" => Target {
            seeds: &[("altinn/instances", &["xml"])],
            builtin_seeds: &[include_bytes!("../../altinn-generated/examples/form_by_hand.rs")],
            run: |bytes, _| {
                use altinn_generated::generated::services::{ttd_5001_1::form_9001_47001 as a, ttd_5004_3::form_endring_12042 as b};
                use altinn_runtime::xml::{AnyDocument, Mode, Validate};
                for mode in [Mode::Lenient, Mode::Strict] {
                    if let Ok(d) = a::Document::from_xml_with(bytes, mode) {
                        let _ = d.validate();
                        let _ = d.to_xml();
                    }
                    if let Ok(d) = b::Document::from_xml_with(bytes, mode) {
                        let _ = d.validate();
                        let _ = d.to_xml();
                    }
                }
            },
        },
        // Bytes → the sample Altinn 3 app's model reader.
        "app-form" => Target {
            seeds: &[("altinn3/apps", &["xml"])],
            builtin_seeds: &[
                b"<Melding dataFormatProvider=\"SERES\" dataFormatId=\"8801\" dataFormatVersion=\"48801\"><Innsender><Organisasjonsnummer>310000001</Organisasjonsnummer><Navn>a</Navn></Innsender><Provedrift><Start>2026-12-01</Start><Omfang>lokal</Omfang></Provedrift></Melding>",
            ],
            run: |bytes, _| {
                use altinn_generated::generated::apps::ttd_codegen_sample::melding as m;
                use altinn_runtime::xml::{AnyDocument, Mode, Validate};
                if let Ok(d) = m::Document::from_xml_with(bytes, Mode::Lenient) {
                    let _ = d.validate();
                    let _ = d.to_xml();
                }
            },
        },
        // Bytes → the runtime's JSON/HAL/XML answer decoding, and Altinn 3's answer types.
        "json" => Target {
            seeds: &[("altinn/api-mirror/bodies", &["json"]), ("altinn3/storage-samples", &["json"]), ("altinn/metadata/docs-examples", &["json"])],
            builtin_seeds: &[b"{\"_embedded\":{\"messages\":[{\"MessageId\":\"a1\"}]},\"_links\":{\"next\":{\"href\":\"x\"}}}"],
            run: |bytes, _| {
                use altinn_runtime::api::{Page, media};
                for mt in [media::MediaType::HalJson, media::MediaType::Json, media::MediaType::HalXml, media::MediaType::Xml] {
                    if let Ok(v) = media::to_value(bytes, mt) {
                        let _ = Page::<serde_json::Value>::from_value(v);
                    }
                }
                let _ = serde_json::from_slice::<altinn_runtime::altinn3::Instance>(bytes);
                let _ = serde_json::from_slice::<altinn_runtime::altinn3::ProblemDetails>(bytes);
                let _ = altinn_codegen::parse::altinn3::read_application(bytes, "fuzz");
                let _ = altinn_codegen::parse::altinn3::read_resource_list(bytes, "fuzz");
            },
        },
        // Bytes → the OpenAPI reader: lint, patches, bundle, resolve, emit.
        "openapi" => Target {
            seeds: &[("altinn3/openapi", &["json"]), ("altinn/openapi", &["json"])],
            builtin_seeds: &[b"{\"openapi\":\"3.0.1\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}"],
            run: |bytes, work| {
                let path = work.join("fuzz-document.json");
                use altinn_codegen::parse::openapi::{Api, parse_document, read_documents};
                let Ok(raw) = parse_document(bytes, &path) else { return };
                for api in [Api::Altinn2, Api::Altinn3] {
                    if let Ok(docs) = read_documents(vec![raw.clone()], &[], api) {
                        let model = altinn_codegen::resolve::openapi::resolve(&docs.documents, api);
                        for m in &model.modules {
                            let _ = altinn_codegen::emit::api::module_file(m);
                        }
                    }
                }
            },
        },
        _ => return None,
    })
}
