//! Exchange a large file through Altinn Broker, streamed both ways: a file of the chosen size is
//! written, a file transfer initialised, the file uploaded as a stream, its status polled until
//! it is published, the file downloaded as the recipient (streamed to disk), compared with what
//! was sent (SHA-256), and the download confirmed. The process's peak memory is printed: neither
//! direction holds the file in memory.
//!
//! ```sh
//! cargo run -p altinn-generated --features platform_broker --example broker_transfer -- --help
//! ```

mod support;

use std::time::Duration;

use altinn_generated::generated::platform::broker as api;
use altinn_generated::runtime::altinn3::platform::Upload;
use futures::StreamExt;
use sha2::Digest;
use support::arg;
use tokio::io::AsyncWriteExt;

const USAGE: &str = "\
Send a file through Altinn Broker and download it as the recipient, streamed both ways.

Usage: broker_transfer --resource ID --sender ORGNR --recipient ORGNR [--size-mb N] [--dir DIR]

Options:
  --resource ID            the broker resource in the Resource Registry
  --sender ORGNR           the sending organisation's number
  --recipient ORGNR        the receiving organisation's number
  --size-mb N              the size of the file sent, in MiB [default: 100]
  --dir DIR                where the file sent and the file received are written [default: a temporary folder]
";

fn main() -> std::process::ExitCode {
    support::main_with("broker_transfer", &format!("{USAGE}{}", support::COMMON_OPTIONS), run)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `size` pseudo-random bytes to `path` in 1 MiB chunks; their SHA-256.
async fn write_file(path: &std::path::Path, size: u64) -> std::io::Result<String> {
    let mut out = tokio::fs::File::create(path).await?;
    let mut hash = sha2::Sha256::new();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut left = size;
    let mut chunk = vec![0u8; 1 << 20];
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        for b in chunk[..n].iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = state as u8;
        }
        hash.update(&chunk[..n]);
        out.write_all(&chunk[..n]).await?;
        left -= n as u64;
    }
    out.flush().await?;
    Ok(hex(&hash.finalize()))
}

/// The process's peak resident memory (Linux), in MiB.
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024)
}

async fn run(args: Vec<String>) -> Result<(), String> {
    let resource = arg(&args, "--resource").ok_or("--resource is required (see --help)")?;
    let sender = arg(&args, "--sender").ok_or("--sender is required (see --help)")?;
    let recipient = arg(&args, "--recipient").ok_or("--recipient is required (see --help)")?;
    let size_mb: u64 = arg(&args, "--size-mb").map(|s| s.parse().map_err(|e| format!("--size-mb: {e}"))).transpose()?.unwrap_or(100);
    let tmp;
    let dir = match arg(&args, "--dir") {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            tmp = std::env::temp_dir().join(format!("broker-transfer-{}", std::process::id()));
            std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
            tmp
        }
    };
    let client = support::maskinporten_client(&args, &["altinn:broker.write", "altinn:broker.read"])?;
    let e = |e: altinn_generated::runtime::altinn3::Error| e.to_string();

    let sent_path = dir.join("sent.bin");
    let sent_hash = write_file(&sent_path, size_mb << 20).await.map_err(|e| format!("{}: {e}", sent_path.display()))?;

    let init = api::FileTransferInitalizeExt {
        file_name: Some("sent.bin".into()),
        resource_id: Some(resource),
        sender: Some(format!("0192:{sender}")),
        recipients: Some(vec![format!("0192:{recipient}")]),
        senders_file_transfer_reference: Some("altinn-codegen-example".into()),
        ..Default::default()
    };
    let id = api::initialize_file_transfer(&client, &init).await.map_err(e)?.file_transfer_id.ok_or("no fileTransferId in the answer")?;
    api::upload_streamed(&client, &id, Upload::file(&sent_path).await.map_err(e)?).await.map_err(e)?;
    println!("file transfer {id}: uploaded {size_mb} MiB");

    // The service scans the file before it is published.
    let mut polls = 0;
    loop {
        let overview = api::get_file_transfer_overview(&client, &id).await.map_err(e)?;
        match overview.file_transfer_status {
            Some(api::FileTransferStatusExt::Published) => break,
            Some(api::FileTransferStatusExt::Failed) => {
                return Err(format!("the transfer failed: {:?}", overview.file_transfer_status_text));
            }
            _ if polls >= 60 => return Err("not published after 60 polls".into()),
            _ => {
                polls += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }

    // Downloaded as the recipient, hashed as it arrives and written to disk.
    let download = api::download_file(&client, &id).await.map_err(e)?;
    let received_path = dir.join("received.bin");
    let mut out = tokio::fs::File::create(&received_path).await.map_err(|e| e.to_string())?;
    let mut hash = sha2::Sha256::new();
    let mut received = 0u64;
    let mut stream = std::pin::pin!(download.into_stream());
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(e)?;
        hash.update(&chunk);
        received += chunk.len() as u64;
        out.write_all(&chunk).await.map_err(|e| e.to_string())?;
    }
    out.flush().await.map_err(|e| e.to_string())?;
    let received_hash = hex(&hash.finalize());
    if received_hash != sent_hash {
        return Err(format!("the file received ({received} bytes, {received_hash}) is not the file sent ({sent_hash})"));
    }
    api::confirm_download(&client, &id).await.map_err(e)?;
    let status = api::get_file_transfer_overview(&client, &id).await.map_err(e)?.file_transfer_status;
    println!(
        "file transfer {id}: downloaded {received} bytes, sha256 {received_hash}, {}",
        status.map(|s| s.to_string()).unwrap_or_default()
    );
    if let Some(mib) = peak_memory_mib() {
        println!("peak memory: {mib} MiB");
    }
    Ok(())
}
