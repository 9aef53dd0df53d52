//! The generated platform modules (`platform::*`) on the Altinn 3 client against the stand-in:
//! a typed `multipart/form-data` form with streamed files, errors as ProblemDetails, and paging
//! that never follows a `next` link to another host (it would be sent the token).

use altinn_generated::generated::platform::correspondence as api;
use altinn_generated::runtime::altinn3::platform::{FilePart, Method, Next, Request, Upload};
use altinn_generated::runtime::altinn3::{Auth, Client, Environment, GrantKey, MaskinportenGrant};
use altinn_tests::altinn3_standin::{self as a3, Altinn3StandIn};
use altinn_tests::shared::workspace_root;
use altinn_tests::standin::{Route, StandIn};
use futures::StreamExt;

fn client(s: &Altinn3StandIn, scopes: &[&str]) -> Client {
    let key = std::fs::read(workspace_root().join("tests/tests/fixtures/maskinporten/client-key.pem")).unwrap();
    let grant = scopes.iter().fold(MaskinportenGrant::new(a3::CLIENT_ID, GrantKey::kid(a3::KID, &key).unwrap()), |g, s| g.scope(*s));
    Client::builder(s.environment()).auth(Auth::Maskinporten(Box::new(grant))).build().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typed_multipart_form_sends_its_fields_and_streamed_files_in_order() {
    let s = Altinn3StandIn::start(&[]).await;
    let c = client(&s, &["altinn:correspondence.write"]);
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("rapport.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 report").unwrap();
    let form = api::UploadCorrespondencesForm {
        correspondence_resource_id: "ttd-correspondence".into(),
        correspondence_senders_reference: "ref-1".into(),
        correspondence_content_language: "nb".into(),
        correspondence_content_message_title: "Tittel".into(),
        correspondence_content_message_summary: "Sammendrag".into(),
        correspondence_content_message_body: "Tekst".into(),
        correspondence_is_confirmation_needed: Some(true),
        recipients: vec!["urn:altinn:organization:identifier-no:910000000".into()],
        attachments: vec![
            FilePart::from_path(&pdf).await.unwrap(),
            FilePart::new(
                "data.csv",
                "text/csv",
                Upload::stream(futures::stream::iter([Ok::<_, std::io::Error>(&b"a;b\n1;2\n"[..])]), None),
            ),
        ],
    };
    let answer = api::upload_correspondences(&c, form).await.unwrap();
    assert_eq!(answer.correspondences.unwrap().len(), 1);
    assert_eq!(answer.attachment_ids.unwrap().len(), 2);
    let parts = s.platform.multipart_parts();
    let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "Correspondence.ResourceId",
            "Correspondence.SendersReference",
            "Correspondence.Content.Language",
            "Correspondence.Content.MessageTitle",
            "Correspondence.Content.MessageSummary",
            "Correspondence.Content.MessageBody",
            "Correspondence.IsConfirmationNeeded",
            "Recipients",
            "Attachments",
            "Attachments"
        ],
        "fields in document order, a part per list value"
    );
    let confirm = &parts[6];
    assert_eq!(confirm.3, 4, "a boolean field is sent as `true`");
    let files: Vec<(Option<&str>, Option<&str>, usize)> = parts[8..].iter().map(|p| (p.1.as_deref(), p.2.as_deref(), p.3)).collect();
    assert_eq!(files, [(Some("rapport.pdf"), Some("application/pdf"), 15), (Some("data.csv"), Some("text/csv"), 8)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_answer_keeps_its_problem_details() {
    let s = Altinn3StandIn::start(&[]).await;
    let c = client(&s, &["altinn:correspondence.read"]);
    let err = api::get_correspondence_overview(&c, "00000000-0000-4000-8000-000000000000").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    let problem = err.problem().expect("a ProblemDetails body");
    assert_eq!(problem.detail.as_deref(), Some("1001: The requested correspondence was not found"));
    // An upload to an attachment that does not exist: the same, and the file was streamed.
    let err = api::upload_attachment_data(&c, "nope", Upload::bytes(&b"x"[..])).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
}

#[derive(serde::Deserialize)]
struct Page {
    items: Vec<u32>,
    next: Option<String>,
}

#[tokio::test(flavor = "multi_thread")]
async fn paging_follows_next_links_on_the_same_host_only() {
    let server = StandIn::empty();
    let base = server.base_url().trim_end_matches("/api").to_string();
    let json = |body: String| Route { status: 200, content_type: "application/json".into(), body: body.into() };
    server.set_route("/storage/api/v1/instances", json(format!(r#"{{"items":[1,2],"next":"{base}/storage/api/v1/instances/p2"}}"#)));
    server.set_route("/storage/api/v1/instances/p2", json(r#"{"items":[3],"next":"https://evil.example/steal"}"#.into()));
    let url = url::Url::parse(&format!("{base}/")).unwrap();
    let env = Environment::custom(url.clone(), url, "https://maskinporten.invalid/").unwrap();
    let c = Client::builder(env).build().unwrap();
    let split = |p: Page| (p.items, p.next.map(Next::Url).unwrap_or(Next::End));
    let got: Vec<_> = c.items(Request::new(Method::GET, "storage/api/v1/instances"), split).collect().await;
    assert_eq!(got.len(), 4, "three items and then the refusal");
    assert_eq!(got[..3].iter().map(|r| *r.as_ref().unwrap()).collect::<Vec<_>>(), [1, 2, 3]);
    let refusal = got[3].as_ref().unwrap_err().to_string();
    assert!(refusal.contains("another host") && refusal.contains("evil.example"), "{refusal}");
    assert_eq!(server.requests().len(), 2, "the foreign link was never requested");
}
