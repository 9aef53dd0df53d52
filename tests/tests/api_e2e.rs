//! End to end through the generated functions against the loopback stand-in
//! (tests/src/api_standin.rs): every authentication mode, every media type, paging by `next`
//! links and by `$skip`, errors with Altinn's reason phrases, CORS, a form-task submission
//! of the sample service TTD 5001/1 whose attachment breaks its rule (nothing is sent), the
//! certificate modes over a real TLS handshake, and the correspondence and lookup calls.

use altinn_generated::generated::api::enduser as api;
use altinn_generated::generated::services::ttd_5001_1 as service;
use altinn_generated::runtime::api::submit::{AttachmentUpload, MessageState, SubmitOptions};
use altinn_generated::runtime::api::{ApiKey, Auth, Client, Environment, Error, MediaType, OData, Request, Secret};
use altinn_tests::api_standin::{self as standin, ApiStandIn};
use futures::StreamExt;

fn client(s: &ApiStandIn, auth: Auth) -> Client {
    Client::builder(Environment::Custom(url::Url::parse(&s.base).unwrap()))
        .api_key(ApiKey::new(standin::API_KEY))
        .auth(auth)
        .build()
        .unwrap()
}

fn password() -> Auth {
    Auth::Password { user_name: standin::USER.0.into(), password: Secret::new(standin::USER.1) }
}

#[tokio::test]
async fn password_session_logs_in_keeps_and_renews_the_cookie() {
    let s = ApiStandIn::start().await;
    let c = client(&s, password());
    let page = api::get_messages(&c, "my", &api::GetMessagesQuery::default(), &OData::new()).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(c.has_session());
    api::get_message(&c, "my", "a1", &api::GetMessageQuery::default()).await.unwrap();
    s.seen(|seen| {
        assert_eq!(seen.logins, vec![(standin::USER.0.to_string(), false)]);
        // The second call carried the cookie renewed by the first answer.
        assert_eq!(seen.cookies, vec!["session-1".to_string(), "renewed-2".to_string()]);
    });
    let debug = format!("{c:?} {:?}", password());
    assert!(!debug.contains(standin::USER.1) && !debug.contains("session-1") && !debug.contains(standin::API_KEY), "{debug}");
}

#[tokio::test]
async fn bearer_certificate_and_enterprise_modes_authenticate() {
    let s = ApiStandIn::start().await;
    let bearer = client(&s, Auth::Bearer(Secret::new(standin::TOKEN)));
    api::get_message(&bearer, "my", "a2", &api::GetMessageQuery::default()).await.unwrap();

    // Certificate modes need a client identity. This stand-in is plain HTTP, so the identity is
    // not presented here (the TLS handshake is tested in
    // `certificate_modes_present_the_enterprise_certificate_over_tls`); the flag and the login
    // flow are what Altinn checks besides TLS.
    let pem = include_bytes!("fixtures/tls/client.pem");
    let env = Environment::Custom(url::Url::parse(&s.base).unwrap());
    assert!(Client::builder(env.clone()).auth(Auth::CertificateOnly).build().is_err(), "certificate modes need an identity");
    let identity = altinn_generated::runtime::api::Identity::from_pem(pem).unwrap();
    let cert = Client::builder(env.clone())
        .api_key(ApiKey::new(standin::API_KEY))
        .auth(Auth::CertificateOnly)
        .identity(identity.clone())
        .build()
        .unwrap();
    api::get_message(&cert, "910000000", "a3", &api::GetMessageQuery::default()).await.unwrap();
    let enterprise = Client::builder(env)
        .api_key(ApiKey::new(standin::API_KEY))
        .auth(Auth::EnterpriseCertificate {
            user_name: standin::ENTERPRISE_USER.0.into(),
            password: Secret::new(standin::ENTERPRISE_USER.1),
        })
        .identity(identity)
        .build()
        .unwrap();
    api::get_message(&enterprise, "my", "a4", &api::GetMessageQuery::default()).await.unwrap();
    s.seen(|seen| {
        assert!(seen.requests.iter().any(|r| r.starts_with("GET 910000000/messages/a3?ForceEIAuthentication=")), "{:?}", seen.requests);
        assert_eq!(seen.logins, vec![(standin::ENTERPRISE_USER.0.to_string(), true)]);
    });

    // API key only: the metadata resource answers; a message-box call is refused with
    // Altinn's reason phrase kept.
    let key_only = client(&s, Auth::ApiKeyOnly);
    let page = key_only.send(Request::new(api_method_get(), "metadata").public()).await.unwrap().page::<serde_json::Value>().unwrap();
    assert_eq!(page.items.len(), 1);
    let err = api::get_message(&key_only, "my", "a1", &api::GetMessageQuery::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.reason(), Some("Authorization failed: There is no authenticated user on this request."));
}

fn api_method_get() -> altinn_generated::runtime::api::Method {
    altinn_generated::runtime::api::Method::GET
}

#[tokio::test]
async fn every_media_type_decodes_into_the_same_values() {
    let s = ApiStandIn::start().await;
    let c = client(&s, Auth::Bearer(Secret::new(standin::TOKEN)));
    let mut lists = Vec::new();
    let mut ones = Vec::new();
    for media in MediaType::ALL {
        let cm = c.with_media(media);
        let page = api::get_messages(&cm, "my", &api::GetMessagesQuery::default(), &OData::new()).await.unwrap();
        let ids: Vec<_> = page.items.iter().map(|m| m.message_id.clone().unwrap()).collect();
        let one = api::get_message(&cm, "my", "a5", &api::GetMessageQuery::default()).await.unwrap();
        assert_eq!(one.service_edition, Some(2), "{media:?}: numbers in XML read as numbers");
        lists.push(ids);
        let mut one = one;
        one.links = Default::default();
        ones.push(one);
    }
    assert!(lists.iter().all(|l| *l == lists[0]) && lists[0] == ["a1", "a2"], "{lists:?}");
    assert!(ones.iter().all(|o| *o == ones[0]), "{ones:#?}");
}

#[tokio::test]
async fn lists_stream_by_next_links_and_by_skip() {
    let s = ApiStandIn::start().await;
    let c = client(&s, Auth::Bearer(Secret::new(standin::TOKEN)));
    for media in [MediaType::HalJson, MediaType::Json, MediaType::HalXml, MediaType::Xml] {
        let items: Vec<_> = api::get_messages_items(&c.with_media(media), "my", &api::GetMessagesQuery::default(), &OData::new().top(2))
            .unwrap()
            .collect()
            .await;
        let ids: Vec<String> = items.into_iter().map(|m| m.unwrap().message_id.unwrap()).collect();
        assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"], "{media:?}");
    }
    s.seen(|seen| {
        // Plain JSON has no links: the client paged with $skip.
        assert!(seen.requests.iter().any(|r| r.contains("$skip=4")), "{:?}", seen.requests);
    });
}

#[tokio::test]
async fn errors_keep_status_reason_and_body() {
    let s = ApiStandIn::start().await;
    let c = client(&s, Auth::Bearer(Secret::new(standin::TOKEN)));
    let err = api::get_message(&c, "my", "nope", &api::GetMessageQuery::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.reason(), Some("Message not found"));
    assert_eq!(err.error_bodies()[0].message.as_deref(), Some("No message with that id"));
    let no_key = Client::builder(Environment::Custom(url::Url::parse(&s.base).unwrap()))
        .auth(Auth::Bearer(Secret::new(standin::TOKEN)))
        .build()
        .unwrap();
    let err = api::get_message(&no_key, "my", "a1", &api::GetMessageQuery::default()).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 400, .. }));
    assert_eq!(err.reason(), Some("Required header 'ApiKey' is missing."));
}

#[tokio::test]
async fn cors_check_reads_access_control_allow_origin() {
    let s = ApiStandIn::start().await;
    let c = client(&s, Auth::ApiKeyOnly);
    assert!(c.cors_check(standin::ALLOWED_ORIGIN).await.unwrap().granted);
    assert!(!c.cors_check("https://evil.example").await.unwrap().granted);
}

fn sample_forms() -> service::Forms {
    use altinn_generated::runtime::xml::{AnyDocument, Mode};
    let root = altinn_tests::shared::workspace_root();
    let xsd = root.join("schemas/services/5001/1/forms/9001-47001.xsd");
    let model = altinn_codegen::resolve::xsd::resolve_file(&xsd).unwrap();
    let xml = altinn_harness::sample::sample(&model, &model.roots[0]).unwrap();
    let main = service::form_9001_47001::Document::from_xml_with(xml.as_bytes(), Mode::Strict).unwrap();
    service::Forms { form_9001_47001: main, form_9002_47002: Vec::new() }
}

const REGNSKAP: &[u8] = b"<Regnskapsdata xmlns=\"urn:ttd:regnskapsdata:v1\"><Post konto=\"1920\">1500.00</Post></Regnskapsdata>";

#[tokio::test]
async fn form_task_submission_checks_attachments_before_anything_is_sent() {
    let s = ApiStandIn::start().await;
    let c = client(&s, password());
    let forms = sample_forms();
    let bad = vec![
        AttachmentUpload { file_name: "virus.exe".into(), attachment_type: "Regnskapsdata".into(), data: vec![1u8; 10].into() },
        AttachmentUpload { file_name: "tom.pdf".into(), attachment_type: "Vedlegg".into(), data: Vec::new().into() },
    ];
    assert!(!service::check_attachments(&bad).is_empty());
    let err = service::submit(&c, "910000000", &forms, &bad, SubmitOptions::default()).await.unwrap_err();
    let Error::Rejected(rejection) = &err else { panic!("a typed rejection: {err}") };
    // Every problem, typed, not only the first.
    let files: Vec<&str> = rejection.attachments.iter().map(|a| a.file_name.as_str()).collect();
    assert!(files.contains(&"virus.exe") && files.contains(&"tom.pdf"), "{rejection:#?}");
    assert!(rejection.attachments.iter().any(|a| a.file_name == "virus.exe" && a.message.contains(".exe")), "{rejection:#?}");
    assert!(
        rejection.attachments.iter().any(|a| a.file_name == "virus.exe" && a.message.contains("breaks the schema")),
        "XSD checked: {rejection:#?}"
    );
    s.seen(|seen| assert!(seen.requests.is_empty(), "nothing is sent: {:?}", seen.requests));
}

#[tokio::test]
async fn an_xml_attachment_is_validated_against_its_rules_schema_before_upload() {
    let s = ApiStandIn::start().await;
    let c = client(&s, password());
    // Rule 902 (`Regnskapsdata`) has IsXsdValidationRequired: a well-formed document of another
    // shape, and one whose value breaks its type, are refused with their paths.
    for (xml, path) in [
        (&b"<regnskap/>"[..], "/"),
        (
            &b"<Regnskapsdata xmlns=\"urn:ttd:regnskapsdata:v1\"><Post konto=\"1920\">mange</Post></Regnskapsdata>"[..],
            "/Regnskapsdata/Post",
        ),
    ] {
        let a =
            vec![AttachmentUpload { file_name: "regnskap.xml".into(), attachment_type: "Regnskapsdata".into(), data: xml.to_vec().into() }];
        let rejection = service::check_attachments(&a);
        assert_eq!(rejection.attachments.len(), 1, "{rejection:#?}");
        let v = &rejection.attachments[0].violations;
        assert!(!v.is_empty() && v[0].path.starts_with(path), "{v:#?}");
        assert!(service::submit(&c, "910000000", &sample_forms(), &a, SubmitOptions::default()).await.is_err());
    }
    s.seen(|seen| assert!(seen.requests.is_empty(), "nothing is sent: {:?}", seen.requests));
}

#[tokio::test]
async fn every_invalid_form_is_reported_with_its_paths() {
    use altinn_generated::runtime::xml::{AnyDocument, Mode};
    let s = ApiStandIn::start().await;
    let c = client(&s, password());
    let mut forms = sample_forms();
    // The sample with a nine-digit organisation number made ten digits long, as a main form and
    // as two sub forms' worth of invalid data: each is reported.
    let xml = forms.form_9001_47001.to_xml().unwrap();
    let broken = regex_replace_digits(&xml);
    forms.form_9001_47001 = service::form_9001_47001::Document::from_xml_with(broken.as_bytes(), Mode::Lenient).unwrap();
    let err = service::submit(&c, "910000000", &forms, &[], SubmitOptions::default()).await.unwrap_err();
    let Error::Rejected(rejection) = &err else { panic!("a typed rejection: {err}") };
    assert_eq!(rejection.forms.len(), 1, "{rejection:#?}");
    let f = &rejection.forms[0];
    assert_eq!((f.form_type.as_str(), f.data_format_id.as_str(), f.data_format_version), ("MainForm", "9001", 47001));
    assert!(f.violations.iter().all(|v| v.path.starts_with("/melding/")), "{:#?}", f.violations);
    assert!(!f.violations.is_empty());
    s.seen(|seen| assert!(seen.requests.is_empty(), "nothing is sent: {:?}", seen.requests));
}

/// Makes every nine-digit number in `xml` ten digits long (organisation numbers break their
/// pattern).
fn regex_replace_digits(xml: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    for ch in xml.chars().chain(std::iter::once('\0')) {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        if digits.len() == 9 {
            digits.push('0');
        }
        out.push_str(&digits);
        digits.clear();
        if ch != '\0' {
            out.push(ch);
        }
    }
    out
}

#[tokio::test]
async fn submit_with_attachments_uploads_then_completes_the_message() {
    let s = ApiStandIn::start().await;
    let c = client(&s, password());
    let forms = sample_forms();
    let good = vec![AttachmentUpload {
        file_name: "regnskap.xml".into(),
        attachment_type: "Regnskapsdata".into(),
        data: REGNSKAP.to_vec().into(),
    }];
    let created = service::submit(&c, "910000000", &forms, &good, SubmitOptions::default()).await.unwrap();
    assert!(created.location.ends_with("/910000000/messages/a101"), "{created:?}");
    assert_eq!(created.message_id, "a101");
    // Completed but not signed (signing is asked for explicitly); the service has a signing step.
    assert_eq!(created.state, MessageState::AwaitingSignature);
    s.seen(|seen| {
        let m = &seen.messages[0];
        assert_eq!(m["Type"], "FormTask");
        assert_eq!(m["ServiceCode"], "5001");
        assert_eq!(m["ServiceEdition"], 1);
        assert_eq!(m["_embedded"]["forms"][0]["DataFormatId"], "9001");
        assert_eq!(m["_embedded"]["forms"][0]["DataFormatVersion"], 47001);
        assert!(m["_embedded"]["forms"][0]["FormData"].as_str().unwrap().contains("melding"));
        assert_eq!(seen.attachments, vec![("a101".to_string(), "regnskap.xml".to_string(), "Regnskapsdata".to_string(), REGNSKAP.len())]);
        // Posted as a draft, the attachment uploaded, then completed: in that order.
        let order: Vec<&str> = seen.requests.iter().map(String::as_str).filter(|r| !r.contains("authenticate")).collect();
        assert_eq!(
            order,
            [
                "POST 910000000/messages?complete=false&sign=false",
                "POST 910000000/messages/a101/attachments/streamedattachment?attachmentType=Regnskapsdata&fileName=regnskap.xml",
                "PUT 910000000/messages/a101?complete=true&sign=false",
            ]
        );
        assert_eq!(
            seen.updates[0],
            serde_json::json!({"Type": "FormTask", "ServiceCode": "5001", "ServiceEdition": 1}),
            "completing replaces nothing"
        );
    });

    // Signing when asked: completed, with the archived element's link.
    let signed = service::submit(&c, "910000000", &forms, &good, SubmitOptions { complete: true, sign: true }).await.unwrap();
    assert!(
        matches!(&signed.state, MessageState::Completed { archived: Some(a) } if a.ends_with("/910000000/messages/b102")),
        "{signed:?}"
    );
    s.seen(|seen| assert_eq!(seen.requests.last().unwrap(), "PUT 910000000/messages/a102?complete=true&sign=true"));

    // A draft stays a draft, and says so.
    let draft = service::submit(&c, "910000000", &forms, &good, SubmitOptions { complete: false, sign: false }).await.unwrap();
    assert_eq!(draft.state, MessageState::Draft);
    s.seen(|seen| assert!(seen.requests.last().unwrap().contains("streamedattachment"), "no completing call: {:?}", seen.requests));
}

#[tokio::test]
async fn correspondence_and_lookup_services_get_their_calls() {
    use altinn_generated::generated::services::{ttd_5002_2 as correspondence, ttd_5003_1 as lookup};
    let s = ApiStandIn::start().await;
    let c = client(&s, password());

    let answer =
        lookup::lookup(&c, "910000001", &api::LookupQuery { query_options: Some("orgnr=1".into()), ..Default::default() }).await.unwrap();
    let text = answer.text();
    assert!(text.contains("<Tjeneste>5003/1</Tjeneste>") && text.contains("orgnr=1"), "{text}");

    let page = correspondence::messages(&c, "my", &api::GetMessagesQuery::default()).await.unwrap();
    assert!(page.items.iter().all(|m| m.service_code.as_deref() == Some("5002")), "{:?}", page.items);
    correspondence::confirm(&c, "my", "a1").await.unwrap();
    s.seen(|seen| {
        let list = seen.requests.iter().find(|r| r.starts_with("GET my/messages?")).unwrap();
        assert!(list.contains("$filter=ServiceCode eq '5002' and ServiceEdition eq 2"), "the service's filter is sent: {list}");
        assert!(seen.requests.iter().any(|r| r.starts_with("GET 910000001/lookup/5003/1?")), "{:?}", seen.requests);
        assert!(seen.requests.iter().any(|r| r.starts_with("PUT my/messages/a1/confirm")), "{:?}", seen.requests);
    });
}

/// The certificate modes over a real TLS handshake: the stand-in requires a client certificate
/// from the test CA (tests/tests/fixtures/tls: ca.pem, server.pem for 127.0.0.1, enterprise.pem
/// with the organisation number in its subject; made with openssl, valid for 100 years).
#[tokio::test]
async fn certificate_modes_present_the_enterprise_certificate_over_tls() {
    use altinn_generated::runtime::api::Identity;
    let ca = include_bytes!("fixtures/tls/ca.pem");
    let enterprise_pem = include_bytes!("fixtures/tls/enterprise.pem");
    let s = ApiStandIn::start_tls(include_bytes!("fixtures/tls/server.pem"), ca).await;
    assert!(s.base.starts_with("https://"), "{}", s.base);
    let env = Environment::Custom(url::Url::parse(&s.base).unwrap());
    let builder = || Client::builder(env.clone()).api_key(ApiKey::new(standin::API_KEY)).add_root_certificate_pem(ca);

    let enterprise = builder()
        .auth(Auth::EnterpriseCertificate {
            user_name: standin::ENTERPRISE_USER.0.into(),
            password: Secret::new(standin::ENTERPRISE_USER.1),
        })
        .identity(Identity::from_pem(enterprise_pem).unwrap())
        .build()
        .unwrap();
    api::get_message(&enterprise, "my", "a4", &api::GetMessageQuery::default()).await.unwrap();
    let cert_only = builder().auth(Auth::CertificateOnly).identity(Identity::from_pem(enterprise_pem).unwrap()).build().unwrap();
    api::get_message(&cert_only, "910000001", "a3", &api::GetMessageQuery::default()).await.unwrap();

    // The leaf certificate the server saw is the enterprise certificate, on every connection.
    let pem = String::from_utf8_lossy(enterprise_pem);
    let b64: String = pem
        .split("-----BEGIN CERTIFICATE-----")
        .nth(1)
        .and_then(|rest| rest.split("-----END CERTIFICATE-----").next())
        .unwrap()
        .split_whitespace()
        .collect();
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    s.seen(|seen| {
        assert!(!seen.client_certificates.is_empty(), "the handshake carried a client certificate");
        assert!(seen.client_certificates.iter().all(|c| *c == der), "every connection presented the enterprise certificate");
        assert_eq!(seen.logins, vec![(standin::ENTERPRISE_USER.0.to_string(), true)], "the enterprise login sent ForceEIAuthentication");
        assert!(seen.requests.iter().any(|r| r.starts_with("GET 910000001/messages/a3?ForceEIAuthentication=")), "{:?}", seen.requests);
    });

    // Without a certificate, or with one the server does not trust, the handshake fails: a
    // transport error, nothing sent.
    let anonymous = builder().auth(Auth::Bearer(Secret::new(standin::TOKEN))).build().unwrap();
    let err = api::get_message(&anonymous, "my", "a1", &api::GetMessageQuery::default()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let stranger = builder()
        .auth(Auth::CertificateOnly)
        .identity(Identity::from_pem(include_bytes!("fixtures/tls/client.pem")).unwrap())
        .build()
        .unwrap();
    let err = api::get_message(&stranger, "910000001", "a3", &api::GetMessageQuery::default()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    s.seen(|seen| {
        assert!(seen.refused_handshakes.len() >= 2, "the server refused both handshakes: {:?}", seen.refused_handshakes);
        assert!(!seen.requests.iter().any(|r| r.contains("/a1")), "nothing was sent without a certificate");
    });
}

#[tokio::test]
async fn attachments_list_with_odata_and_carry_the_id_their_data_call_takes() {
    let s = ApiStandIn::start().await;
    let c = client(&s, password());
    let page = api::get_attachments(&c, "910000000", "a1", &OData::new().top(1)).await.unwrap();
    assert_eq!(page.items.len(), 1, "$top is sent");
    let first = &page.items[0];
    assert_eq!(first.file_name.as_deref(), Some("regnskap.xml"));
    let id = first.id().expect("the id from the self link");
    assert_eq!(id, "7");
    let data = api::get_attachment_data(&c, "910000000", "a1", id).await.unwrap();
    assert_eq!(&data.body[..], b"attachment 7 of a1");
    s.seen(|seen| assert!(seen.requests.iter().any(|r| r == "GET 910000000/messages/a1/attachments?$top=1"), "{:?}", seen.requests));
}

/// The client follows the runtime's retry policy: 429 and 503 are sent again after their
/// `Retry-After` (seconds), within the attempts; a longer `Retry-After` than the policy's longest
/// wait is not waited for; a 500 is retried for a GET but never for a POST.
#[tokio::test]
async fn rate_limits_are_retried_after_their_retry_after() {
    use altinn_generated::runtime::http::RetryPolicy;
    use std::time::{Duration, Instant};
    let s = ApiStandIn::start().await;
    let c = client(&s, Auth::Bearer(Secret::new(standin::TOKEN)));
    s.fail_next(1, 429, Some(1));
    let t = Instant::now();
    api::get_message(&c, "my", "a2", &api::GetMessageQuery::default()).await.unwrap();
    assert!(t.elapsed() >= Duration::from_secs(1), "waited as Retry-After asked: {:?}", t.elapsed());
    s.seen(|seen| {
        assert_eq!(seen.failed, vec!["GET my/messages/a2".to_string()]);
        assert_eq!(seen.requests.iter().filter(|r| r.starts_with("GET my/messages/a2")).count(), 1, "answered on the second attempt");
    });

    // Out of attempts: the last 503 is the error.
    let env = Environment::Custom(url::Url::parse(&s.base).unwrap());
    let policy = RetryPolicy { max_attempts: 2, max_delay: Duration::from_secs(5), default_delay: Duration::from_millis(10) };
    let builder = Client::builder(env).api_key(ApiKey::new(standin::API_KEY)).auth(Auth::Bearer(Secret::new(standin::TOKEN)));
    let c2 = builder.retry(policy).build().unwrap();
    s.fail_next(2, 503, Some(0));
    let err = api::get_message(&c2, "my", "a2", &api::GetMessageQuery::default()).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 503, .. }), "{err:?}");
    s.seen(|seen| assert_eq!(seen.failed.len(), 3, "two attempts: {:?}", seen.failed));

    // A Retry-After beyond the longest wait is not waited for.
    s.fail_next(1, 429, Some(3600));
    let t = Instant::now();
    let err = api::get_message(&c, "my", "a2", &api::GetMessageQuery::default()).await.unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5) && matches!(err, Error::Status { status: 429, .. }), "{err:?}");
    s.seen(|seen| assert_eq!(seen.failed.len(), 4));

    // A 500 without Retry-After: a GET is retried after the backoff, a POST is not (it may
    // have been handled).
    s.fail_next(1, 500, None);
    api::get_message(&c2, "my", "a2", &api::GetMessageQuery::default()).await.unwrap();
    s.seen(|seen| assert_eq!(seen.failed.len(), 5));
    s.fail_next(1, 500, None);
    let post = Request::new(altinn_generated::runtime::api::Method::POST, "my/messages").json(&serde_json::json!({})).unwrap();
    let err = c2.send(post).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 500, .. }), "{err:?}");
    s.seen(|seen| {
        assert_eq!(seen.failed.len(), 6);
        assert!(!seen.requests.iter().any(|r| r.starts_with("POST my/messages")), "the POST was not sent again: {:?}", seen.requests);
    });
}

#[tokio::test]
async fn the_default_language_is_sent_unless_the_call_names_one() {
    let s = ApiStandIn::start().await;
    let c = Client::builder(Environment::Custom(url::Url::parse(&s.base).unwrap()))
        .api_key(ApiKey::new(standin::API_KEY))
        .auth(Auth::Bearer(Secret::new(standin::TOKEN)))
        .language(2068)
        .build()
        .unwrap();
    api::get_messages(&c, "my", &api::GetMessagesQuery::default(), &OData::new()).await.unwrap();
    let english = api::GetMessagesQuery { language: Some(1033), ..Default::default() };
    api::get_messages(&c, "my", &english, &OData::new()).await.unwrap();
    let items: Vec<_> = api::get_messages_items(&c, "my", &api::GetMessagesQuery::default(), &OData::new().top(2)).unwrap().collect().await;
    assert_eq!(items.len(), 5);
    // The request builder leaves it out: the language is the client's, added when sent.
    let built = format!("{:?}", api::get_messages_request("my", &api::GetMessagesQuery::default(), &OData::new()).unwrap());
    assert!(!built.contains("2068"), "{built}");
    s.seen(|seen| {
        let lists: Vec<&String> = seen.requests.iter().filter(|r| r.starts_with("GET my/messages?")).collect();
        assert!(lists[0].contains("language=2068"), "{lists:?}");
        assert!(lists[1].contains("language=1033") && !lists[1].contains("2068"), "{lists:?}");
        // Every page of the stream, the first and the ones after it.
        assert!(lists.len() >= 4 && lists[2..].iter().all(|r| r.contains("language=2068")), "{lists:?}");
    });
}

#[test]
fn generated_api_types_read_altinns_shapes_through_the_lenient_reader() {
    use altinn_generated::runtime::api::lenient::from_value;
    let m: api::Message = from_value(serde_json::json!({
        "messageId": "a1",
        "SERVICEEDITION": "2",
        "subject": "",
        "_links": { "self": { "href": "https://x/api/my/messages/a1" } },
        "SomethingNew": [1, 2]
    }))
    .unwrap();
    assert_eq!(m.message_id.as_deref(), Some("a1"));
    assert_eq!(m.service_edition, Some(2));
    assert_eq!(m.subject, None, "empty text is absent");
    assert_eq!(m.id(), Some("a1"));
    // Written back with the wire names, absent fields left out.
    let out = serde_json::to_value(&m).unwrap();
    assert_eq!(out["MessageId"], "a1");
    assert_eq!(out["ServiceEdition"], 2);
    assert!(out.get("Subject").is_none(), "{out}");
}
