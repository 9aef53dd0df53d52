//! The generated module of the sample app (`apps::ttd_codegen_sample`) end to end against the
//! Altinn 3 stand-in: `Forms` built by hand and submitted through `submit`, every form that
//! breaks its schema and every attachment that breaks its data type refused before anything is
//! sent, and the steps on `client`.

use altinn_generated::generated::apps::ttd_codegen_sample::{self as app, melding, tillegg};
use altinn_generated::runtime::altinn3::{Attachment, Auth, Client, Error, InstanceOwner, Rule, Secret};
use altinn_tests::altinn3_standin::{self as a3, Altinn3StandIn};

fn forms() -> app::Forms {
    let innsender = melding::Innsender::new(a3::ORG_NUMBER.parse().unwrap(), "Prøvebedrift AS".parse().unwrap());
    let provedrift = melding::Provedrift::new("2026-12-01".parse().unwrap(), melding::Omfang::Lokal);
    app::Forms::new(melding::Document::Melding(melding::Melding::new(innsender, provedrift)))
}

async fn client(s: &Altinn3StandIn) -> Client {
    Client::builder(s.environment()).auth(Auth::AltinnToken(Secret::new(s.mint_altinn_token(600)))).build().unwrap()
}

#[tokio::test]
async fn the_generated_submit_runs_the_whole_flow() {
    let s = Altinn3StandIn::start(&[app::APP]).await;
    let c = client(&s).await;
    let mut f = forms();
    f.tillegg.push(tillegg::Document::Tillegg(tillegg::Tillegg::new("Om prøven", vec!["Første avsnitt.".to_string()])));
    let pdf = Attachment::new("vedlegg", "rapport.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n".to_vec());
    let instance = app::submit(&c, InstanceOwner::party(a3::ORG_PARTY), &f, vec![pdf]).await.unwrap();
    assert!(instance.process.as_ref().and_then(|p| p.ended.as_ref()).is_some(), "{instance:?}");
    let calls = s.app_requests();
    assert!(calls.iter().any(|c| c.contains("dataType=tillegg")), "the second form is added: {calls:?}");
    assert!(calls.iter().any(|c| c.contains("dataType=vedlegg")), "the attachment is uploaded: {calls:?}");
}

#[tokio::test]
async fn forms_and_attachments_that_break_their_rules_are_refused_before_sending() {
    let s = Altinn3StandIn::start(&[app::APP]).await;
    let c = client(&s).await;
    // A form read leniently from XML whose organisation number has ten digits (its pattern
    // wants nine): the kind of data a user's file may hold.
    let mut f = forms();
    let xml = altinn_generated::runtime::xml::AnyDocument::to_xml(&f.melding).unwrap().replace(a3::ORG_NUMBER, "1234567890");
    f.melding = <melding::Document as altinn_generated::runtime::xml::AnyDocument>::from_xml_with(
        xml.as_bytes(),
        altinn_generated::runtime::xml::Mode::Lenient,
    )
    .unwrap();
    let err = app::submit(&c, a3::ORG_PARTY, &f, vec![]).await.unwrap_err();
    let Error::Rejected(r) = &err else { panic!("a rejection: {err}") };
    let b = &r.breaks[0];
    assert_eq!((b.data_type.as_str(), b.rule), ("melding", Rule::Schema));
    assert!(b.violations.iter().any(|v| v.path == "/Melding/Innsender/Organisasjonsnummer"), "{:?}", b.violations);

    let f = forms();
    let txt = Attachment::new("vedlegg", "notat.txt", "text/plain", b"hei".to_vec());
    let err = app::submit(&c, a3::ORG_PARTY, &f, vec![txt]).await.unwrap_err();
    let Error::Rejected(r) = &err else { panic!("a rejection: {err}") };
    assert!(r.breaks.iter().any(|b| b.rule == Rule::ContentType), "{r}");
    assert!(s.app_requests().is_empty(), "nothing was sent: {:?}", s.app_requests());
}

#[tokio::test]
async fn the_steps_are_on_the_app_client() {
    let s = Altinn3StandIn::start(&[app::APP]).await;
    let c = client(&s).await;
    let steps = app::client(&c);
    let instance = steps.instantiate(a3::ORG_PARTY).await.unwrap();
    let id = instance.instance_id().unwrap();
    let issues = steps.validate(&id).await.unwrap();
    assert!(issues.iter().all(|i| i.code.is_some() || i.description.is_some()), "{issues:?}");
    let again = steps.instance(&id).await.unwrap();
    assert_eq!(again.id, instance.id);
}
