//! Hostile and broken XML never crashes a generated reader: deep nesting is an error at the
//! reader's depth limit (not a stack overflow, on a test thread's small stack), entity
//! declarations are never expanded, oversized documents are refused before decoding, and
//! malformed, truncated or unclosed documents are errors with a line.

use altinn_generated::generated::services::ttd_5001_1::form_9001_47001 as form;
use altinn_generated::runtime::xml::{AnyDocument, AnyElement, Limits, Mode, read_document, with_limits};

const HEAD: &str =
    r#"<melding xmlns="http://seres.no/xsd/TTD/RF9001_M/2021" dataFormatProvider="SERES" dataFormatId="9001" dataFormatVersion="47001">"#;

fn nested(depth: usize) -> String {
    let mut s = String::with_capacity(depth * 7 + 200);
    s.push_str(HEAD);
    s.push_str(&"<x>".repeat(depth));
    s.push_str(&"</x>".repeat(depth));
    s.push_str("</melding>");
    s
}

#[test]
fn a_million_levels_deep_is_an_error_not_a_stack_overflow() {
    let doc = nested(1_000_000);
    for mode in [Mode::Lenient, Mode::Strict] {
        let err = form::Document::from_xml_with(doc.as_bytes(), mode).unwrap_err();
        if mode == Mode::Lenient {
            assert!(err.message.contains("nested deeper than 128 levels"), "{err}");
            assert_eq!(err.line, 1);
            assert!(err.path.starts_with("/melding/x/x/"), "the path names where: {}", &err.path[..40]);
        }
    }
    // The raw-XML reader (wildcards) too.
    let raw = format!("{}{}", "<a>".repeat(1_000_000), "</a>".repeat(1_000_000));
    let err = read_document(raw.as_bytes(), Mode::Lenient, |r, el| AnyElement::read(r, el).map(Some)).unwrap_err();
    assert!(err.message.contains("nested deeper"), "{err}");
}

#[test]
fn the_limits_are_configurable_per_read() {
    // A valid form with ten levels of unknown elements, skipped when read leniently.
    let doc = format!(
        "{HEAD}<Innsender><Organisasjonsnummer>910000000</Organisasjonsnummer><Navn>a</Navn></Innsender>{}{}<Regnskap><Regnskapsaar>2025</Regnskapsaar>\
         <Driftsinntekter>1</Driftsinntekter><Driftskostnader>1</Driftskostnader><Avsluttet>2025-12-31</Avsluttet></Regnskap></melding>",
        "<x>".repeat(10),
        "</x>".repeat(10)
    );
    form::Document::from_xml(doc.as_bytes()).expect("within the default limits");
    let shallow = Limits { max_depth: 5, ..Limits::DEFAULT };
    let err = with_limits(shallow, || form::Document::from_xml(doc.as_bytes())).unwrap_err();
    assert!(err.message.contains("deeper than 5 levels"), "{err}");
    let small = Limits { max_bytes: 100, ..Limits::DEFAULT };
    let err = with_limits(small, || form::Document::from_xml(doc.as_bytes())).unwrap_err();
    assert!(err.message.contains("more than the 100 the reader accepts"), "refused before decoding: {err}");
    // Outside the closure the defaults are back.
    assert_eq!(altinn_generated::runtime::xml::current_limits(), Limits::DEFAULT);
}

#[test]
fn entity_declarations_are_never_expanded() {
    // "Billion laughs": ten levels of ten references each.
    let mut dtd = String::from("<!DOCTYPE melding [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    dtd.push_str("]>\n");
    let doc =
        format!("<?xml version=\"1.0\"?>\n{dtd}{HEAD}<Innsender><Organisasjonsnummer>&lol9;</Organisasjonsnummer></Innsender></melding>");
    let err = form::Document::from_xml(doc.as_bytes()).unwrap_err();
    assert!(err.message.contains("unknown entity `&lol9;`"), "refused, not expanded: {err}");
    assert_eq!(err.line, 14, "{err}");
    // An external entity is not fetched either.
    let ext = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE melding [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{HEAD}<Innsender><Navn>&x;</Navn></Innsender></melding>"
    );
    let err = form::Document::from_xml(ext.as_bytes()).unwrap_err();
    assert!(err.message.contains("unknown entity `&x;`"), "{err}");
}

#[test]
fn malformed_truncated_and_unclosed_documents_are_errors_with_a_line() {
    let bad_utf8 = [HEAD.as_bytes(), b"\n<Innsender>\n<Navn>\xFF\xFE</Navn>"].concat();
    let err = form::Document::from_xml(&bad_utf8).unwrap_err();
    assert!(err.message.contains("not valid UTF-8"), "{err}");
    assert_eq!(err.line, 3, "{err}");

    let truncated = &nested(3)[..HEAD.len() + 8];
    let err = form::Document::from_xml(truncated.as_bytes()).unwrap_err();
    assert!(err.line >= 1 && (err.message.contains("ends before") || err.message.contains("malformed")), "{err}");

    let unclosed = format!("{HEAD}\n<Innsender>\n<Navn>a</Innsender></melding>");
    let err = form::Document::from_xml(unclosed.as_bytes()).unwrap_err();
    assert!(err.line >= 2, "{err}");
    assert!(err.message.contains("malformed") || err.message.contains("closed"), "{err}");

    // UTF-16 with a broken surrogate.
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    utf16.extend("<a>".encode_utf16().flat_map(|u| u.to_le_bytes()));
    utf16.extend([0x00, 0xD8, 0x41, 0x00]);
    let err = form::Document::from_xml(&utf16).unwrap_err();
    assert!(err.message.contains("not valid UTF-16"), "{err}");
}

#[tokio::test]
async fn an_answer_larger_than_the_limit_is_refused_before_it_is_buffered() {
    use altinn_generated::generated::api::enduser as api;
    use altinn_generated::runtime::api::{ApiKey, Auth, Client, Environment, Error, OData, Secret};
    use altinn_tests::api_standin::{self as standin, ApiStandIn};
    let s = ApiStandIn::start().await;
    let client = |limit| {
        Client::builder(Environment::Custom(url::Url::parse(&s.base).unwrap()))
            .api_key(ApiKey::new(standin::API_KEY))
            .auth(Auth::Password { user_name: standin::USER.0.into(), password: Secret::new(standin::USER.1) })
            .max_body_bytes(limit)
            .build()
            .unwrap()
    };
    let err = api::get_messages(&client(64), "my", &api::GetMessagesQuery::default(), &OData::new()).await.unwrap_err();
    assert!(matches!(&err, Error::TooLarge { limit: 64, .. }), "{err}");
    // The default reads it.
    api::get_messages(
        &client(altinn_generated::runtime::api::body::DEFAULT_MAX_BODY),
        "my",
        &api::GetMessagesQuery::default(),
        &OData::new(),
    )
    .await
    .unwrap();

    // The Altinn 3 client too.
    use altinn_generated::runtime::altinn3 as a3;
    use altinn_tests::altinn3_standin::{self as a3s, Altinn3StandIn};
    let s3 = Altinn3StandIn::start(&[altinn_generated::generated::apps::ttd_codegen_sample::APP]).await;
    let c3 = a3::Client::builder(s3.environment())
        .auth(a3::Auth::AltinnToken(Secret::new(s3.mint_altinn_token(600))))
        .max_body_bytes(16)
        .build()
        .unwrap();
    let err = altinn_generated::generated::apps::ttd_codegen_sample::client(&c3).instantiate(a3s::ORG_PARTY).await.unwrap_err();
    assert!(matches!(&err, a3::Error::TooLarge { limit: 16, .. }), "{err}");
}

/// Crashes the fuzzer found (`cargo xtask fuzz`), each kept as a regression test: the input must
/// give a value or an error, on a test thread's small stack.
#[test]
fn inputs_the_fuzzer_crashed_on_now_generate_or_fail_cleanly() {
    let dir = altinn_tests::shared::workspace_root().join("tests/fixtures/hostile");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "xsd") {
            // A group that is a choice option of itself recursed until the stack ran out.
            let (_, warnings, _) = altinn_harness::corpus::generate_module(&path, "altinn_runtime::xml").unwrap();
            assert!(warnings.iter().any(|w| w.contains("contains itself")), "{}: {warnings:?}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 1);
}
