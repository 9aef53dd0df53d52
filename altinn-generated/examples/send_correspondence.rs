//! Send a correspondence with an attachment through Altinn Correspondence and read its status:
//! the attachment initialised, its file uploaded as a stream, the correspondence sent to each
//! recipient with the attachment, then each correspondence's status read back.
//!
//! ```sh
//! cargo run -p altinn-generated --features platform_correspondence --example send_correspondence -- --help
//! ```

mod support;

use altinn_generated::generated::platform::correspondence as api;
use altinn_generated::runtime::altinn3::platform::Upload;
use support::{arg, args_of};

const USAGE: &str = "\
Send a correspondence with an attachment and read its status (Altinn Correspondence).

Usage: send_correspondence --resource ID --sender ORGNR --recipient URN... --file PATH [--title TEXT]

Options:
  --resource ID            the correspondence resource in the Resource Registry
  --sender ORGNR           the sending organisation's number
  --recipient URN          urn:altinn:organization:identifier-no:<orgnr> or urn:altinn:person:identifier-no:<ssn> (repeatable)
  --file PATH              the attachment (streamed, never read whole)
  --title TEXT             the message title [default: Melding fra altinn-codegen]
";

fn main() -> std::process::ExitCode {
    support::main_with("send_correspondence", &format!("{USAGE}{}", support::COMMON_OPTIONS), run)
}

async fn run(args: Vec<String>) -> Result<(), String> {
    let resource = arg(&args, "--resource").ok_or("--resource is required (see --help)")?;
    let sender = arg(&args, "--sender").ok_or("--sender is required (see --help)")?;
    let recipients = args_of(&args, "--recipient");
    if recipients.is_empty() {
        return Err("at least one --recipient is required (see --help)".into());
    }
    let file = arg(&args, "--file").ok_or("--file is required (see --help)")?;
    let title = arg(&args, "--title").unwrap_or_else(|| "Melding fra altinn-codegen".into());
    let client = support::maskinporten_client(&args, &["altinn:correspondence.write", "altinn:correspondence.read"])?;
    let e = |e: altinn_generated::runtime::altinn3::Error| e.to_string();

    // 1. The attachment: initialised, then its bytes streamed from the file.
    let file_name = std::path::Path::new(&file).file_name().map(|n| n.to_string_lossy().into_owned());
    let init = api::InitializeAttachmentExt {
        file_name: file_name.clone(),
        display_name: file_name,
        resource_id: Some(resource.clone()),
        sender: Some(format!("0192:{sender}")),
        senders_reference: Some("altinn-codegen-example".into()),
        ..Default::default()
    };
    let attachment_id = api::initialize_attachment(&client, &init).await.map_err(e)?;
    let upload = Upload::file(&file).await.map_err(e)?;
    let size = upload.length().unwrap_or(0);
    let attachment = api::upload_attachment_data(&client, &attachment_id, upload).await.map_err(e)?;
    println!("attachment {attachment_id}: {size} bytes, {}", attachment.status.map(|s| s.to_string()).unwrap_or_default());

    // 2. The correspondence, with the attachment, to every recipient.
    let body = api::InitializeCorrespondencesExt {
        correspondence: Some(api::BaseCorrespondenceExt {
            resource_id: Some(resource),
            sender: Some(format!("0192:{sender}")),
            senders_reference: Some("altinn-codegen-example".into()),
            content: Some(api::InitializeCorrespondenceContentExt {
                language: Some("nb".into()),
                message_title: Some(title),
                message_summary: Some("Sendt med altinn-codegen".into()),
                message_body: Some("Se vedlegget.".into()),
            }),
            ..Default::default()
        }),
        recipients: Some(recipients),
        existing_attachments: Some(vec![attachment_id]),
        ..Default::default()
    };
    let sent = api::initialize_correspondences(&client, &body).await.map_err(e)?;

    // 3. Each correspondence's status, read back.
    for c in sent.correspondences.unwrap_or_default() {
        let id = c.correspondence_id.unwrap_or_default();
        let overview = api::get_correspondence_overview(&client, &id).await.map_err(e)?;
        println!(
            "correspondence {id} to {}: {}",
            overview.recipient.unwrap_or_default(),
            overview.status.map(|s| s.to_string()).unwrap_or_default()
        );
    }
    Ok(())
}
