//! Altinn 3 end to end over loopback: the runtime's app client (instantiate, forms as XML and
//! JSON, attachments checked before upload, validate, process next, complete, submit), errors
//! with their ProblemDetails, retries, and every authentication mode against the Maskinporten
//! and token-exchange stand-ins (tests/src/altinn3_standin.rs).

use std::time::{Duration, Instant};

use altinn_runtime::altinn3::{
    App, Attachment, Auth, AuthError, Client, DataElement, DataType, Error, Form, FormBody, GrantKey, Instance, InstanceOwner,
    MaskinportenGrant, PartyTypes, ReadStatus, RetryPolicy, Rule, Secret, Severity,
};
use altinn_tests::altinn3_standin::{self as standin, Altinn3StandIn};
use serde_json::{Value, json};

/// A small app, as a generated app module declares it.
static APP: App = App {
    org: "ttd",
    app: "codegen-a3",
    title_nb: Some("Kodegenerert testapp"),
    title_nn: None,
    title_en: Some("Generated test app"),
    party_types: PartyTypes { bankruptcy_estate: false, organisation: true, person: true, sub_unit: false },
    data_types: &[
        DataType {
            id: "model",
            allowed_content_types: &["application/xml", "application/json"],
            min_count: 1,
            max_count: 1,
            max_size_mb: None,
            task_id: Some("Task_1"),
            class_ref: Some("Altinn.App.Models.Model"),
            auto_create: true,
        },
        DataType {
            id: "vedlegg",
            allowed_content_types: &["application/pdf", "image/png"],
            min_count: 0,
            max_count: 2,
            max_size_mb: Some(1),
            task_id: Some("Task_1"),
            class_ref: None,
            auto_create: false,
        },
    ],
    resource: Some("app_ttd_codegen-a3"),
    replaces: &[],
};

const XML: &str =
    r#"<?xml version="1.0" encoding="utf-8"?><melding xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><navn>Ola</navn></melding>"#;
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

fn client_key() -> &'static [u8] {
    include_bytes!("fixtures/maskinporten/client-key.pem")
}

fn kid_grant() -> MaskinportenGrant {
    MaskinportenGrant::new(standin::CLIENT_ID, GrantKey::kid(standin::KID, client_key()).unwrap())
        .scope("altinn:instances.read")
        .scope("altinn:instances.write")
        .scope("altinn:serviceowner/instances.write")
}

fn client(s: &Altinn3StandIn, auth: Auth) -> Client {
    Client::builder(s.environment()).auth(auth).build().unwrap()
}

fn ready(s: &Altinn3StandIn) -> Client {
    client(s, Auth::AltinnToken(Secret::new(s.mint_altinn_token(600))))
}

fn maskinporten(s: &Altinn3StandIn) -> Client {
    client(s, Auth::Maskinporten(Box::new(kid_grant())))
}

/// The claims of a JWT, unverified (what the exchange put in the Altinn token).
fn decode_claims(jwt: &str) -> Value {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON claims")
}

fn model_element(i: &Instance) -> DataElement {
    i.data_of_type("model").next().cloned().expect("the auto-created form element")
}

#[tokio::test]
async fn each_lifecycle_step_through_the_app_client() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = ready(&s);
    let app = c.app(&APP);

    // Instantiate for a party: the auto-created form element comes with the instance.
    let mut instance = app.instantiate(standin::ORG_PARTY).await.unwrap();
    let id = instance.instance_id().unwrap();
    assert_eq!(id.party_id, standin::ORG_PARTY.to_string());
    assert_eq!(instance.app_id.as_deref(), Some("ttd/codegen-a3"));
    assert_eq!(instance.current_task(), Some("Task_1"));
    assert_eq!(instance.status.as_ref().unwrap().read_status, Some(ReadStatus::Read), "the app sends readStatus as an integer");
    let element = model_element(&instance);
    let element_id = element.id.clone().unwrap();

    // The form as XML (201, no changed fields), then as JSON (200 with changedFields).
    let put = app.put_form(&id, &element_id, &FormBody::Xml(XML.into())).await.unwrap();
    assert_eq!(put.element.id.as_deref(), Some(element_id.as_str()));
    assert!(put.changed_fields.is_none());
    assert_eq!(s.content(&element_id).unwrap(), XML.as_bytes());
    let put = app.put_form(&id, &element_id, &FormBody::Json(json!({"navn": "Kari"}))).await.unwrap();
    assert_eq!(put.changed_fields.unwrap().get("behandlet"), Some(&json!(true)));
    assert_eq!(serde_json::from_slice::<Value>(&s.content(&element_id).unwrap()).unwrap(), json!({"navn": "Kari"}));

    // An attachment, in memory and streamed.
    let a = app.upload_attachment(&mut instance, Attachment::new("vedlegg", "rapport.pdf", "application/pdf", PDF)).await.unwrap();
    assert_eq!(a.filename.as_deref(), Some("rapport.pdf"));
    assert_eq!(a.size, Some(PDF.len() as i64));
    let chunks = futures::stream::iter(vec![Ok(bytes::Bytes::from_static(&PDF[..10])), Ok(bytes::Bytes::from_static(&PDF[10..]))]);
    let b = app
        .upload_attachment(&mut instance, Attachment::stream("vedlegg", "bilde.png", "image/png", PDF.len() as u64, chunks))
        .await
        .unwrap();
    assert_eq!(s.content(b.id.as_deref().unwrap()).unwrap(), PDF);
    assert_eq!(instance.data_of_type("vedlegg").count(), 2, "uploads are added to the instance");
    // A stream that yields fewer bytes than it declared fails the upload instead of storing a
    // truncated file.
    let mut other = app.instantiate(standin::ORG_PARTY).await.unwrap();
    let short = futures::stream::iter(vec![Ok(bytes::Bytes::from_static(&PDF[..10]))]);
    let err = app
        .upload_attachment(&mut other, Attachment::stream("vedlegg", "kort.pdf", "application/pdf", PDF.len() as u64, short))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert_eq!(other.data_of_type("vedlegg").count(), 0);

    // Validate: valid.
    assert!(app.validate(&id).await.unwrap().is_empty());

    // Process next: the data task to the confirmation task, then the end.
    let state = app.process_next(&id, None).await.unwrap();
    assert_eq!(state.current_task_id(), Some("Task_2"));
    assert_eq!(state.current_task.as_ref().unwrap().altinn_task_type.as_deref(), Some("confirmation"));
    assert_eq!(state.process_tasks.len(), 2);
    let state = app.process_next(&id, Some("confirm")).await.unwrap();
    assert!(state.is_ended() && state.end_event.as_deref() == Some("EndEvent_1"));

    // The instance: ended and archived, its elements locked.
    let read = app.instance(&id).await.unwrap();
    assert!(read.is_ended());
    assert!(read.status.as_ref().unwrap().is_archived);
    assert_eq!(read.data.len(), 3);
    assert!(read.data.iter().all(|d| d.locked));

    assert_eq!(
        s.app_requests().iter().map(|r| r.split('?').next().unwrap().replace(&id.guid, "G").replace(&element_id, "E")).collect::<Vec<_>>(),
        vec![
            "POST /ttd/codegen-a3/instances",
            "PUT /ttd/codegen-a3/instances/50001337/G/data/E",
            "PUT /ttd/codegen-a3/instances/50001337/G/data/E",
            "POST /ttd/codegen-a3/instances/50001337/G/data",
            "POST /ttd/codegen-a3/instances/50001337/G/data",
            "POST /ttd/codegen-a3/instances",
            "GET /ttd/codegen-a3/instances/50001337/G/validate",
            "PUT /ttd/codegen-a3/instances/50001337/G/process/next",
            "PUT /ttd/codegen-a3/instances/50001337/G/process/next",
            "GET /ttd/codegen-a3/instances/50001337/G",
        ]
    );
    let uploads: Vec<_> = s.requests().into_iter().filter(|r| r.method == "POST" && r.path.ends_with("/data")).collect();
    assert_eq!(uploads[0].query.as_deref(), Some("dataType=vedlegg"));
    assert_eq!(uploads[0].content_type.as_deref(), Some("application/pdf"));
    assert_eq!(uploads[0].content_disposition.as_deref(), Some("attachment; filename=\"rapport.pdf\""));
}

#[tokio::test]
async fn instantiate_with_an_owner_and_prefilled_forms() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = ready(&s);
    let app = c.app(&APP);
    let instance = app.instantiate_with(&InstanceOwner::organisation(standin::ORG_NUMBER), &[Form::xml("model", XML)]).await.unwrap();
    assert_eq!(instance.instance_owner.party_id.as_deref(), Some("50001337"));
    assert_eq!(instance.instance_owner.organisation_number.as_deref(), Some(standin::ORG_NUMBER));
    let e = model_element(&instance);
    assert_eq!(s.content(e.id.as_deref().unwrap()).unwrap(), XML.as_bytes(), "the prefilled part became the form's data");
    let req = s.requests().into_iter().find(|r| r.path.ends_with("/instances")).unwrap();
    assert!(req.content_type.as_deref().unwrap().starts_with("multipart/form-data; boundary="), "{req:?}");

    // A prefill of an attachment type, or of an unknown type, is refused before sending.
    let before = s.app_requests().len();
    let err = app
        .instantiate_with(&InstanceOwner::party(standin::ORG_PARTY), &[Form::xml("vedlegg", XML), Form::xml("nope", XML)])
        .await
        .unwrap_err();
    let rules: Vec<Rule> = err.rejection().unwrap().breaks.iter().map(|b| b.rule).collect();
    assert_eq!(rules, vec![Rule::WrongKind, Rule::UnknownDataType]);
    assert_eq!(s.app_requests().len(), before, "nothing was sent");

    // Without prefill: a JSON template.
    let i = app.instantiate_with(&InstanceOwner::person("01017012345"), &[]).await.unwrap();
    assert_eq!(i.instance_owner.person_number.as_deref(), Some("01017012345"));
}

#[tokio::test]
async fn attachments_that_break_their_rules_are_rejected_before_upload() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = ready(&s);
    let app = c.app(&APP);
    let mut instance = app.instantiate(standin::ORG_PARTY).await.unwrap();
    let sent = || s.app_requests().iter().filter(|r| r.contains("/data?")).count();

    let cases: Vec<(Attachment, Vec<Rule>)> = vec![
        (Attachment::new("vedlegg", "notat.txt", "text/plain", "hei"), vec![Rule::ContentType]),
        (Attachment::new("vedlegg", "rapport.pdf", "image/png", PDF), vec![Rule::ExtensionMismatch]),
        (Attachment::new("vedlegg", "tom.pdf", "application/pdf", ""), vec![Rule::Empty]),
        (Attachment::new("vedlegg", "stor.pdf", "application/pdf", vec![b'x'; 1024 * 1024 + 1]), vec![Rule::MaxSize]),
        (Attachment::new("vedlegg", "utenendelse", "application/pdf", PDF), vec![Rule::FileName]),
        (Attachment::new("model", "skjema.xml", "application/xml", XML), vec![Rule::WrongKind]),
        (Attachment::new("ukjent", "a.pdf", "application/pdf", PDF), vec![Rule::UnknownDataType]),
    ];
    for (attachment, expected) in cases {
        let name = attachment.file_name.clone();
        let err = app.upload_attachment(&mut instance, attachment).await.unwrap_err();
        let Error::Rejected(r) = &err else { panic!("{name}: {err}") };
        assert_eq!(r.breaks.iter().map(|b| b.rule).collect::<Vec<_>>(), expected, "{name}: {err}");
        assert!(err.to_string().contains("rejected before sending"), "{err}");
    }
    assert_eq!(sent(), 0, "no rejected attachment was sent");

    // maxCount 2: two go, the third is refused before upload.
    for n in 0..2 {
        app.upload_attachment(&mut instance, Attachment::new("vedlegg", format!("v{n}.pdf"), "application/pdf", PDF)).await.unwrap();
    }
    let err = app.upload_attachment(&mut instance, Attachment::new("vedlegg", "v3.pdf", "application/pdf", PDF)).await.unwrap_err();
    assert_eq!(err.rejection().unwrap().breaks[0].rule, Rule::MaxCount, "{err}");
    assert_eq!(sent(), 2);

    // The app runs the same checks: an instance read without its elements lets the client count
    // wrong, and the app answers 409 Max Count Exceeded as a problem document.
    let mut stale = instance.clone();
    stale.data.retain(|d| d.data_type.as_deref() != Some("vedlegg"));
    let err = app.upload_attachment(&mut stale, Attachment::new("vedlegg", "v3.pdf", "application/pdf", PDF)).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.problem().unwrap().title.as_deref(), Some("Max Count Exceeded"));
}

#[tokio::test]
async fn problem_details_and_text_errors_keep_their_fields() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = ready(&s);
    let app = c.app(&APP);
    let instance = app.instantiate(standin::ORG_PARTY).await.unwrap();
    let id = instance.instance_id().unwrap();
    let element_id = model_element(&instance).id.unwrap();

    // process/next with a form the app finds invalid: 409 with validationIssues.
    app.put_form(&id, &element_id, &FormBody::Xml("<melding><navn>INVALID</navn></melding>".into())).await.unwrap();
    let issues = app.validate(&id).await.unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].severity, Severity::Error);
    assert_eq!(issues[0].field.as_deref(), Some("melding.navn"));
    assert_eq!(issues[0].data_element_id.as_deref(), Some(element_id.as_str()));
    let err = app.process_next(&id, None).await.unwrap_err();
    let http = err.http().expect("an HTTP error");
    assert_eq!(http.status, 409);
    assert_eq!(http.method, "PUT");
    assert!(http.url.ends_with("/process/next"), "{}", http.url);
    assert!(http.content_type.as_deref().unwrap().starts_with("application/problem+json"));
    let p = err.problem().unwrap();
    assert_eq!(p.title.as_deref(), Some("Validation failed for task"));
    assert_eq!(p.detail.as_deref(), Some("1 validation errors found for task Task_1"));
    assert_eq!(p.status, Some(409));
    assert!(p.kind.as_deref().unwrap().starts_with("https://tools.ietf.org/html/rfc9110"));
    assert!(p.trace_id().is_some());
    assert_eq!(err.validation_issues(), issues, "the 409's validationIssues are the typed issues");
    assert!(serde_json::from_slice::<Value>(&http.body).unwrap()["validationIssues"].is_array(), "the raw body is kept");
    assert!(err.to_string().contains("409 Validation failed for task: 1 validation errors found"), "{err}");

    // A warning does not stop the process.
    app.put_form(&id, &element_id, &FormBody::Xml("<melding><navn>WARN</navn></melding>".into())).await.unwrap();
    assert_eq!(app.validate(&id).await.unwrap()[0].severity, Severity::Warning);

    // Bad XML: 400 problem titled as app-lib does; text/xml: 415.
    let err = app.put_form(&id, &element_id, &FormBody::Xml("not xml".into())).await.unwrap_err();
    assert_eq!((err.status(), err.problem().and_then(|p| p.title.clone())), (Some(400), Some("Failed to deserialize XML".into())));

    // A plain-text error: kept as text, no problem document.
    let err = app.instantiate(standin::UNKNOWN_PARTY).await.unwrap_err();
    let http = err.http().unwrap();
    assert_eq!(http.status, 404);
    assert!(http.problem.is_none());
    assert!(http.text.as_deref().unwrap().starts_with("Cannot lookup party"), "{http:?}");

    // The service-owner confirmation needs a service owner's token: 403.
    let err = app.complete(&id).await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.problem().unwrap().detail.as_deref(), Some("Only the service owner may confirm an instance as complete"));
}

#[tokio::test]
async fn submit_runs_the_whole_flow_and_the_service_owner_completes() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = maskinporten(&s);
    let app = c.app(&APP);
    let instance = app
        .submit(standin::ORG_PARTY, &[Form::xml("model", XML)], vec![Attachment::new("vedlegg", "rapport.pdf", "application/pdf", PDF)])
        .await
        .unwrap();
    assert!(instance.is_ended(), "{instance:?}");
    assert_eq!(instance.data.len(), 2);
    let lines: Vec<String> =
        s.app_requests().iter().map(|r| r.split_whitespace().next().unwrap().to_string() + " " + r.rsplit('/').next().unwrap()).collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert!(lines[0].starts_with("POST instances?instanceOwnerPartyId=50001337"), "{lines:?}");
    assert!(lines[1].starts_with("PUT "), "the form goes into the auto-created element: {lines:?}");
    assert_eq!(
        &lines[2..],
        ["POST data?dataType=vedlegg", "GET validate", "PUT next", "PUT next", &format!("GET {}", instance.instance_id().unwrap().guid)]
    );

    // The service owner confirms.
    let done = app.complete(&instance.instance_id().unwrap()).await.unwrap();
    assert_eq!(done.complete_confirmations[0].stakeholder_id.as_deref(), Some("ttd"));
    assert_eq!(s.exchanges(), vec!["maskinporten"], "one token served every call");
}

#[tokio::test]
async fn submit_checks_everything_before_sending_and_stops_on_validation_errors() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = ready(&s);
    let app = c.app(&APP);
    let attachments = || (0..3).map(|n| Attachment::new("vedlegg", format!("v{n}.pdf"), "application/pdf", PDF)).collect::<Vec<_>>();
    let err = app.submit(standin::ORG_PARTY, &[Form::xml("vedlegg", XML)], attachments()).await.unwrap_err();
    let rules: Vec<Rule> = err.rejection().unwrap().breaks.iter().map(|b| b.rule).collect();
    assert_eq!(rules, vec![Rule::WrongKind, Rule::MaxCount]);
    assert!(s.app_requests().is_empty(), "nothing was sent: {:?}", s.app_requests());

    let err = app
        .submit(InstanceOwner::organisation(standin::ORG_NUMBER), &[Form::json("model", json!({"navn": "INVALID"}))], vec![])
        .await
        .unwrap_err();
    let Error::ValidationFailed(issues) = &err else { panic!("{err}") };
    assert_eq!(issues[0].code.as_deref(), Some("required"));
    assert!(err.to_string().contains("1 error(s)"), "{err}");
    assert!(!s.app_requests().iter().any(|r| r.contains("process/next")), "the process was not moved");
}

#[tokio::test]
async fn retries_honour_retry_after_within_the_policy() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = ready(&s);
    s.fail_next(1, 429, 1);
    let t = Instant::now();
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    assert!(t.elapsed() >= Duration::from_secs(1), "waited as Retry-After asked");
    assert_eq!(s.app_requests().iter().filter(|r| r.starts_with("POST")).count(), 2);

    // Out of attempts: the last 503 is the error, with its Retry-After.
    let c2 = Client::builder(s.environment())
        .auth(Auth::AltinnToken(Secret::new(s.mint_altinn_token(600))))
        .retry(RetryPolicy { max_attempts: 2, max_delay: Duration::from_secs(5), default_delay: Duration::from_millis(10) })
        .build()
        .unwrap();
    s.fail_next(3, 503, 0);
    let err = c2.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.http().unwrap().retry_after, Some(0));
    assert_eq!(err.http().unwrap().text.as_deref(), Some("Slow down"));

    // A Retry-After beyond the longest wait is not waited for.
    s.fail_next(10, 429, 3600);
    let t = Instant::now();
    let err = c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5) && err.status() == Some(429));
}

#[tokio::test]
async fn maskinporten_grant_signed_by_kid() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = client(&s, Auth::Maskinporten(Box::new(kid_grant().resource("https://api.example.no/").consumer_org("313876144"))));
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    let grants = s.grants();
    assert_eq!(grants.len(), 1, "refused: {:?}", s.refused_grants());
    let g = &grants[0];
    assert_eq!(g.header["alg"], "RS256");
    assert_eq!(g.header["kid"], standin::KID);
    assert!(g.header.get("x5c").is_none_or(Value::is_null));
    assert_eq!(g.claims["aud"], s.maskinporten_issuer.as_str());
    assert_eq!(g.claims["iss"], standin::CLIENT_ID);
    assert_eq!(g.claims["scope"], "altinn:instances.read altinn:instances.write altinn:serviceowner/instances.write");
    assert_eq!(g.claims["resource"], json!(["https://api.example.no/"]));
    assert_eq!(g.claims["consumer_org"], "313876144");
    let (iat, exp) = (g.claims["iat"].as_u64().unwrap(), g.claims["exp"].as_u64().unwrap());
    assert!(exp > iat && exp - iat <= 120);
    assert_eq!(g.claims["jti"].as_str().unwrap().len(), 32);
    assert_eq!(s.exchanges(), vec!["maskinporten"]);
    let token = c.token().await.unwrap().unwrap();
    let claims = decode_claims(token.expose());
    assert_eq!(claims["urn:altinn:authenticatemethod"], "maskinporten");
    assert_eq!(claims["urn:altinn:org"], "ttd", "a serviceowner scope makes it a service owner's token");
    // The token request goes to Maskinporten as a form, the exchange with the Maskinporten token.
    let reqs = s.requests();
    assert_eq!(reqs[0].path, "/maskinporten/token");
    assert_eq!(reqs[0].content_type.as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(reqs[1].path, "/authentication/api/v1/exchange/maskinporten");
    assert!(reqs[1].authorized);
}

#[tokio::test]
async fn maskinporten_grant_with_the_enterprise_certificate_in_x5c() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let enterprise = include_bytes!("fixtures/tls/enterprise.pem");
    let chain = [enterprise.as_slice(), include_bytes!("fixtures/tls/ca.pem")].concat();
    let key = GrantKey::certificate(enterprise, &chain).unwrap();
    assert_eq!(key.x5c().unwrap().len(), 2);
    let grant = MaskinportenGrant::new(standin::CERT_CLIENT_ID, key).scope("altinn:instances.write");
    let c = client(&s, Auth::Maskinporten(Box::new(grant)));
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    let g = &s.grants()[0];
    assert!(g.header.get("kid").is_none_or(Value::is_null));
    assert_eq!(g.header["x5c"].as_array().unwrap().len(), 2);
    assert_eq!(g.claims["iss"], standin::CERT_CLIENT_ID);

    // A certificate for the same key that the test CA did not issue is refused, with
    // Maskinporten's error format.
    let self_signed = include_bytes!("fixtures/maskinporten/self-signed-enterprise.pem");
    let key = GrantKey::certificate(enterprise, self_signed).unwrap();
    let c = client(&s, Auth::Maskinporten(Box::new(MaskinportenGrant::new(standin::CERT_CLIENT_ID, key).scope("altinn:instances.write"))));
    let err = c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err();
    let Error::Auth(AuthError::Maskinporten { status, error, description, .. }) = &err else { panic!("{err}") };
    assert_eq!((*status, error.as_deref()), (400, Some("invalid_grant")));
    assert!(description.as_deref().unwrap().starts_with("Invalid assertion. The certificate is not trusted"), "{err}");
}

#[tokio::test]
async fn maskinporten_for_a_system_user() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = client(&s, Auth::Maskinporten(Box::new(kid_grant().system_user(standin::ORG_NUMBER))));
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    let details = &s.grants()[0].claims["authorization_details"];
    assert_eq!(
        details,
        &json!([{"type": "urn:altinn:systemuser", "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": "0192:310000001"}}])
    );
    let token = c.token().await.unwrap().unwrap();
    let claims = decode_claims(token.expose());
    assert_eq!(claims["authorization_details"][0]["systemuser_org"]["id"], "0192:310000001", "the Altinn token names the system user");
}

#[tokio::test]
async fn maskinporten_refusals_are_typed_errors() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    // Signed with a key that is not the one registered under the kid.
    let wrong = GrantKey::kid(standin::KID, include_bytes!("fixtures/maskinporten/other-key.pem")).unwrap();
    let c = client(&s, Auth::Maskinporten(Box::new(MaskinportenGrant::new(standin::CLIENT_ID, wrong).scope("altinn:instances.read"))));
    let err = c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    let Error::Auth(AuthError::Maskinporten { error, description, .. }) = &err else { panic!("{err}") };
    assert_eq!(error.as_deref(), Some("invalid_grant"));
    assert!(description.as_deref().unwrap().contains("Signature"), "{err}");
    // A scope the client does not hold.
    let c = client(&s, Auth::Maskinporten(Box::new(kid_grant().scope("altinn:not-granted.write"))));
    let err = c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err();
    assert!(matches!(&err, Error::Auth(AuthError::Maskinporten { error: Some(e), .. }) if e == "invalid_scope"), "{err}");
    // No scope at all: refused before anything is sent.
    let n = s.requests().len();
    let c = client(
        &s,
        Auth::Maskinporten(Box::new(MaskinportenGrant::new(standin::CLIENT_ID, GrantKey::kid(standin::KID, client_key()).unwrap()))),
    );
    let err = c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err();
    assert!(matches!(err, Error::Auth(AuthError::Key(_))), "{err}");
    assert_eq!(s.requests().len(), n);
    assert!(s.app_requests().is_empty(), "no app call without a token");
}

#[tokio::test]
async fn id_porten_and_ready_tokens() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = client(&s, Auth::IdPorten(Secret::new(standin::IDPORTEN_TOKEN)));
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    assert_eq!(s.exchanges(), vec!["id-porten"]);
    assert_eq!(decode_claims(c.token().await.unwrap().unwrap().expose())["urn:altinn:userid"], 20000001);

    // An ID-porten token the exchange does not accept: 401 with an empty body.
    let bad = client(&s, Auth::IdPorten(Secret::new("expired-idporten-token")));
    let err = bad.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err();
    assert!(matches!(&err, Error::Auth(AuthError::Exchange { status: 401, body, .. }) if body.is_empty()), "{err}");

    // A ready Altinn token is sent as given: no exchange.
    let before = s.exchanges().len();
    let token = s.mint_altinn_token(600);
    let c = client(&s, Auth::AltinnToken(Secret::new(token.clone())));
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    assert_eq!(s.exchanges().len(), before);
    assert_eq!(c.token().await.unwrap().unwrap().expose(), token);

    // A Maskinporten token got elsewhere is exchanged; the answer may come JSON-quoted.
    s.quote_exchange_answers(true);
    let c = client(&s, Auth::Maskinporten(Box::new(kid_grant())));
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    let t = c.token().await.unwrap().unwrap();
    assert!(t.expose().starts_with("eyJ") && !t.expose().contains('"'), "the quotes are stripped");

    // Anonymous: only the metadata.
    let anon = client(&s, Auth::Anonymous);
    assert_eq!(anon.app(&APP).metadata().await.unwrap()["id"], "ttd/codegen-a3");
    assert_eq!(anon.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err().status(), Some(401));
}

#[tokio::test]
async fn tokens_are_cached_shared_by_clones_and_renewed_before_expiry() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = maskinporten(&s);
    let app = c.app(&APP);
    app.instantiate(standin::ORG_PARTY).await.unwrap();
    app.instantiate(standin::ORG_PARTY).await.unwrap();
    assert_eq!((s.grants().len(), s.exchanges().len()), (1, 1), "two calls, one grant and one exchange");

    // Clones share the cache, and callers at the same time share one renewal.
    let fresh = maskinporten(&s);
    let clones: Vec<Client> = (0..6).map(|_| fresh.clone()).collect();
    let calls = clones.iter().map(|c| async move { c.app(&APP).instantiate(standin::ORG_PARTY).await });
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(s.exchanges().len(), 2, "six concurrent calls over clones, one exchange");
    assert_eq!(fresh.token_fetches(), 1);

    // Tokens that expire within the margin are renewed before the call: tokens live 60 s here,
    // and this client renews 90 s before expiry, so every call fetches a new one.
    s.set_altinn_token_lifetime(60);
    let eager = Client::builder(s.environment())
        .auth(Auth::Maskinporten(Box::new(kid_grant())))
        .refresh_margin(Duration::from_secs(90))
        .build()
        .unwrap();
    eager.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    eager.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    assert_eq!(eager.token_fetches(), 2);
    // With the default 30 s margin the same 60 s token is kept.
    let lazy = maskinporten(&s);
    lazy.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    lazy.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    assert_eq!(lazy.token_fetches(), 1);
    // Each renewal mints a new grant with a new jti (Maskinporten refuses a reused one).
    let jtis: std::collections::HashSet<String> = s.grants().iter().map(|g| g.claims["jti"].as_str().unwrap().to_string()).collect();
    assert_eq!(jtis.len(), s.grants().len());
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_call_repeated() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c = client(&s, kid_grant().into());
    let app = c.app(&APP);
    app.instantiate(standin::ORG_PARTY).await.unwrap();
    // The app stops accepting the cached token: the call is answered 401, a new token is
    // fetched, and the call repeated once.
    s.revoke_altinn_tokens();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    app.instantiate(standin::ORG_PARTY).await.unwrap();
    assert_eq!(c.token_fetches(), 2);
    let posts: Vec<bool> = s.requests().iter().filter(|r| r.path.ends_with("/instances")).map(|r| r.authorized).collect();
    assert_eq!(posts.len(), 3, "the first call, the refused one, the repeated one");
    // A ready token cannot be renewed: its 401 is the error.
    let ready = client(&s, Auth::AltinnToken(Secret::new(s.mint_altinn_token(600))));
    s.revoke_altinn_tokens();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(ready.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap_err().status(), Some(401));
}

#[tokio::test]
async fn the_subscription_key_goes_to_altinn_and_not_to_maskinporten() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let c =
        Client::builder(s.environment()).auth(Auth::Maskinporten(Box::new(kid_grant()))).subscription_key("apim-key-123").build().unwrap();
    c.app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    for r in s.requests() {
        let expected = if r.path.starts_with("/maskinporten/") { None } else { Some("apim-key-123") };
        assert_eq!(r.subscription_key.as_deref(), expected, "{}", r.line());
    }
}

#[tokio::test]
async fn no_secret_in_debug_or_display() {
    let s = Altinn3StandIn::start(&[&APP]).await;
    let key_pem = std::str::from_utf8(client_key()).unwrap();
    let key_line = key_pem.lines().nth(1).unwrap();
    let ready_token = s.mint_altinn_token(600);
    let enterprise = include_bytes!("fixtures/tls/enterprise.pem");
    let auths = vec![
        Auth::Maskinporten(Box::new(kid_grant().system_user(standin::ORG_NUMBER))),
        Auth::Maskinporten(Box::new(
            MaskinportenGrant::new(standin::CERT_CLIENT_ID, GrantKey::certificate(enterprise, enterprise).unwrap())
                .scope("altinn:instances.write"),
        )),
        Auth::IdPorten(Secret::new(standin::IDPORTEN_TOKEN)),
        Auth::MaskinportenToken(Secret::new("mp-opaque-token")),
        Auth::AltinnToken(Secret::new(ready_token.clone())),
    ];
    let enterprise_key_line = std::str::from_utf8(enterprise).unwrap().lines().skip_while(|l| !l.contains("PRIVATE KEY")).nth(1).unwrap();
    let secrets = [key_line, enterprise_key_line, standin::IDPORTEN_TOKEN, "mp-opaque-token", ready_token.as_str(), "apim-key-123"];
    let mut shown = Vec::new();
    for auth in auths {
        shown.push(format!("{auth:?}"));
        let c = Client::builder(s.environment()).auth(auth).subscription_key("apim-key-123").build().unwrap();
        shown.push(format!("{c:?}"));
        shown.push(format!("{:?}", c.app(&APP)));
        let token = c.token().await;
        match token {
            Ok(Some(t)) => {
                shown.push(format!("{t:?} {t}"));
                assert!(!format!("{t:?}{t}").contains(t.expose()));
            }
            Ok(None) => {}
            Err(e) => shown.push(format!("{e:?} {e}")),
        }
        let r = c.app(&APP).instantiate(standin::UNKNOWN_PARTY).await;
        if let Err(e) = r {
            shown.push(format!("{e:?} {e}"));
        }
    }
    // Errors of the exchange and of Maskinporten.
    let e = client(&s, Auth::IdPorten(Secret::new("bad-idporten-secret"))).token().await.unwrap_err();
    shown.push(format!("{e:?} {e}"));
    let wrong = GrantKey::kid(standin::KID, include_bytes!("fixtures/maskinporten/other-key.pem")).unwrap();
    let e = client(&s, Auth::Maskinporten(Box::new(MaskinportenGrant::new(standin::CLIENT_ID, wrong).scope("altinn:instances.read"))))
        .token()
        .await
        .unwrap_err();
    shown.push(format!("{e:?} {e}"));
    for text in &shown {
        for secret in secrets.iter().chain(&["bad-idporten-secret"]) {
            assert!(!text.contains(secret), "a secret is shown: {text}");
        }
        assert!(!text.contains("eyJ"), "a JWT is shown: {text}");
    }
    assert!(shown.iter().any(|t| t.contains("kid: \"standin-kid-1\"")), "the kid is not secret and is shown");
}

#[test]
fn storage_samples_parse_as_instances_and_data_elements() {
    let Some(shared) = altinn_tests::shared::require_shared("storage_samples_parse_as_instances_and_data_elements") else { return };
    let dir = shared.join("altinn3/storage-samples");
    let mut read_statuses = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(dir.join("instances")).unwrap() {
        let path = entry.unwrap().path();
        let i: Instance =
            altinn_runtime::altinn3::model::from_json(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let id = i.instance_id().unwrap_or_else(|| panic!("{}: no id", path.display()));
        assert_eq!(Some(id.guid.as_str()), i.id.as_deref(), "Storage rows hold a bare guid");
        assert!(i.other.contains_key("_rid") || !i.other.is_empty() || i.process.is_some());
        if let Some(r) = i.status.as_ref().and_then(|s| s.read_status.clone()) {
            read_statuses.push(r);
        }
        n += 1;
    }
    assert!(n >= 6);
    assert_eq!(read_statuses, vec![ReadStatus::Read], "Storage sends readStatus as a string");
    for entry in std::fs::read_dir(dir.join("dataelements")).unwrap() {
        let path = entry.unwrap().path();
        let d: DataElement =
            altinn_runtime::altinn3::model::from_json(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(d.id.is_some() && d.data_type.is_some(), "{}", path.display());
        if path.file_name().unwrap().to_str().unwrap().starts_with("1336b773") {
            assert_eq!((d.is_read, d.last_changed_by.as_deref()), (Some(false), Some("123")), "a repeated key keeps its last value");
        }
    }
}

#[tokio::test]
async fn the_stand_in_answers_with_the_keys_of_real_instances() {
    let Some(shared) = altinn_tests::shared::require_shared("the_stand_in_answers_with_the_keys_of_real_instances") else { return };
    let s = Altinn3StandIn::start(&[&APP]).await;
    let i = ready(&s).app(&APP).instantiate(standin::ORG_PARTY).await.unwrap();
    let ours = s.stored_instance(&i.instance_id().unwrap().guid).unwrap();
    let sample: Value = serde_json::from_slice(
        &std::fs::read(shared.join("altinn3/storage-samples/instances/08274f48-8313-4e2d-9788-bbdacef5a54e.json")).unwrap(),
    )
    .unwrap();
    for key in sample.as_object().unwrap().keys().filter(|k| !k.starts_with('_') && *k != "appOwner") {
        assert!(ours.get(key).is_some(), "the stand-in's instance lacks {key}");
    }
    let real_element = &sample["data"][0];
    let our_element = &ours["data"][0];
    for key in real_element.as_object().unwrap().keys() {
        assert!(our_element.get(key).is_some(), "the stand-in's data element lacks {key}");
    }
}
