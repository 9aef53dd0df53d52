//! Secrets never show: every auth type, builder, client and every error that could hold a
//! token, key, password, grant or PEM is formatted with `{:?}`, `{:#?}` and (where it has one)
//! `{}`, and none of the secrets appears. The errors come from real failing calls against a
//! loopback stand-in that echoes everything it was sent (headers, body) in its answer's reason
//! phrase and body: the most hostile server there is for this.

use std::fmt::{Debug, Display};
use std::sync::{Arc, Mutex};

use altinn_runtime::altinn3;
use altinn_runtime::api::{self, ApiKey, Secret};
use aws_lc_rs::encoding::AsDer;
use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "SECRET-TOKEN-123";
const IDPORTEN: &str = "SECRET-IDPORTEN-456";
const MASKINPORTEN: &str = "SECRET-MASKINPORTEN-789";
const EXCHANGED: &str = "SECRET-EXCHANGED-ALTINN-321";
const SUBSCRIPTION_KEY: &str = "SECRET-SUBSCRIPTION-KEY-42";
const API_KEY: &str = "SECRET-API-KEY-77";
/// With characters JSON and forms spell otherwise.
const PASSWORD: &str = "SECRET-PASSWORD-\"q&r x";
const ENTERPRISE_PASSWORD: &str = "SECRET-ENTERPRISE-PASSWORD-55";
const COOKIE: &str = "SECRET-COOKIE-999";
/// A TLS identity: an enterprise certificate with its private key.
const ENTERPRISE_PEM: &[u8] = include_bytes!("../../tests/tests/fixtures/tls/enterprise.pem");

/// A fresh RSA key as PKCS#8 PEM.
fn generated_pem() -> String {
    let key = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&key).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n"))
}

/// The lines of a PEM's private key block: none may show anywhere.
fn key_lines(pem: &str) -> Vec<String> {
    let block = pem.split("-----BEGIN PRIVATE KEY-----").nth(1).unwrap().split("-----END").next().unwrap();
    block.lines().map(str::trim).filter(|l| l.len() >= 16).map(str::to_string).collect()
}

/// Every secret of the test, and the key lines of both PEMs.
struct Secrets(Vec<String>);

impl Secrets {
    fn assert_absent(&self, what: &str, text: &str) {
        for s in &self.0 {
            assert!(!text.contains(s.as_str()), "{what} shows the secret {s:?}:\n{text}");
        }
        // The parts of the marker-named secrets are as secret as the whole.
        assert!(!text.contains("SECRET-"), "{what} shows a secret:\n{text}");
    }

    fn debug<T: Debug>(&self, what: &str, v: &T) -> String {
        let (plain, pretty) = (format!("{v:?}"), format!("{v:#?}"));
        self.assert_absent(what, &plain);
        self.assert_absent(what, &pretty);
        plain
    }

    fn both<T: Debug + Display>(&self, what: &str, v: &T) -> String {
        self.debug(what, v);
        let shown = v.to_string();
        self.assert_absent(what, &shown);
        shown
    }
}

/// A loopback server that records every request and answers by path:
/// - `…/bad/…`: 400, the whole request echoed in the reason phrase and in a JSON body (OAuth
///   `error_description`, problem `title` and `detail`, and `echo`);
/// - `…/wrong/…`: 200 with a token in the wrong shape (a bare JSON string);
/// - `…/token`: Maskinporten's 200 with an access token;
/// - `/ok/…/exchange/…`: the exchange's 200 with an Altinn token;
/// - `…/authenticatewithpassword` and `/ok/cookie`: 200 setting the session cookie;
/// - anything else: 500 with the echo.
struct StandIn {
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl StandIn {
    async fn start() -> StandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else { return };
                let log = log.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    let (head_end, length) = loop {
                        let n = sock.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
                            let length = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            break (end + 4, length);
                        }
                    };
                    while buf.len() < head_end + length {
                        let n = sock.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            break;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    let request = String::from_utf8_lossy(&buf).into_owned();
                    log.lock().unwrap().push(request.clone());
                    let path = request.split_whitespace().nth(1).unwrap_or("").split('?').next().unwrap_or("").to_string();
                    let flat: String = request.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { ' ' }).collect();
                    let echo = serde_json::json!({
                        "error": "invalid_grant", "error_description": flat, "title": flat, "detail": flat, "echo": flat,
                    })
                    .to_string();
                    let (status, extra, body) = if path.contains("/bad/") {
                        (format!("400 {flat}"), String::new(), echo)
                    } else if path.contains("/wrong/") {
                        ("200 OK".into(), String::new(), format!("{MASKINPORTEN:?}"))
                    } else if path.ends_with("/token") {
                        ("200 OK".into(), String::new(), format!(r#"{{"access_token":"{MASKINPORTEN}"}}"#))
                    } else if path.starts_with("/ok/") && path.contains("/exchange/") {
                        ("200 OK".into(), String::new(), EXCHANGED.to_string())
                    } else if path.ends_with("/authenticatewithpassword") || path == "/ok/cookie" {
                        ("200 OK".into(), format!("Set-Cookie: .ASPXAUTH={COOKIE}; path=/; HttpOnly\r\n"), "{}".into())
                    } else {
                        (format!("500 {flat}"), String::new(), echo)
                    };
                    let answer = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = sock.write_all(answer.as_bytes()).await;
                    let _ = sock.shutdown().await;
                });
            }
        });
        StandIn { base, requests }
    }

    fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("{}{path}", self.base)).unwrap()
    }

    /// The `assertion` of every grant posted so far.
    fn assertions(&self) -> Vec<String> {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .filter_map(|r| r.split("\r\n\r\n").nth(1))
            .flat_map(|body| url::form_urlencoded::parse(body.as_bytes()).filter(|(k, _)| k == "assertion").map(|(_, v)| v.into_owned()))
            .collect()
    }

    fn saw(&self, text: &str) -> bool {
        self.requests.lock().unwrap().iter().any(|r| r.contains(text))
    }
}

fn grant(pem: &str) -> altinn3::MaskinportenGrant {
    altinn3::MaskinportenGrant {
        client_id: "client-id".into(),
        key: altinn3::GrantKey::kid("kid-1", pem.as_bytes()).unwrap(),
        scopes: vec!["altinn:serviceowner".into()],
        resource: Vec::new(),
        consumer_org: None,
        authorization_details: Vec::new(),
        lifetime: std::time::Duration::from_secs(60),
    }
}

#[tokio::test]
async fn no_auth_type_client_or_error_shows_a_secret() {
    let pem = generated_pem();
    let enterprise = String::from_utf8(ENTERPRISE_PEM.to_vec()).unwrap();
    let mut all: Vec<String> = [TOKEN, IDPORTEN, MASKINPORTEN, EXCHANGED, SUBSCRIPTION_KEY, API_KEY, PASSWORD, ENTERPRISE_PASSWORD, COOKIE]
        .map(String::from)
        .to_vec();
    // The enterprise user's header: `user:password` in base64.
    all.push(base64::engine::general_purpose::STANDARD.encode(format!("enterprise:{ENTERPRISE_PASSWORD}")));
    all.extend(key_lines(&pem));
    all.extend(key_lines(&enterprise));
    let mut secrets = Secrets(all);
    let s = StandIn::start().await;

    // --- The values themselves ---
    let secret = Secret::new(TOKEN);
    assert_eq!(secrets.both("Secret", &secret), "***");
    secrets.debug("ApiKey", &ApiKey::new(API_KEY));
    let identity = api::Identity::from_pem(ENTERPRISE_PEM).unwrap();
    secrets.debug("Identity", &identity);
    let key = altinn3::GrantKey::kid("kid-1", pem.as_bytes()).unwrap();
    assert!(secrets.debug("GrantKey (kid)", &key).contains("kid-1"), "the kid is not secret");
    secrets.debug("GrantKey (certificate)", &altinn3::GrantKey::certificate(ENTERPRISE_PEM, ENTERPRISE_PEM).unwrap());
    secrets.debug("MaskinportenGrant", &grant(&pem));
    // A key that is not one: the error names the problem, not the bytes.
    let broken = pem.replace("MII", "XYZ");
    secrets.0.extend(key_lines(&broken));
    secrets.both("AuthError (bad key)", &altinn3::GrantKey::kid("kid-1", broken.as_bytes()).unwrap_err());

    // --- Altinn 2: every auth, the builder and the client ---
    let v2_auths = [
        api::Auth::ApiKeyOnly,
        api::Auth::Password { user_name: "user".into(), password: Secret::new(PASSWORD) },
        api::Auth::EnterpriseCertificate { user_name: "enterprise".into(), password: Secret::new(ENTERPRISE_PASSWORD) },
        api::Auth::CertificateOnly,
        api::Auth::Bearer(Secret::new(TOKEN)),
    ];
    for auth in &v2_auths {
        secrets.debug("api::Auth", auth);
        let builder = api::Client::builder(api::Environment::Custom(s.url("/ok/")))
            .api_key(ApiKey::new(API_KEY))
            .auth(auth.clone())
            .identity(identity.clone());
        secrets.debug("api::ClientBuilder", &builder);
        secrets.debug("api::Client", &builder.build().unwrap());
    }

    // A login refused by a server echoing the password in its reason phrase and body.
    let v2 = |base: &str, auth: api::Auth| {
        api::Client::builder(api::Environment::Custom(s.url(base))).api_key(ApiKey::new(API_KEY)).auth(auth).build().unwrap()
    };
    let login = v2("/bad/", v2_auths[1].clone());
    let e = login.send(api::Request::new(api::Method::GET, "messages")).await.unwrap_err();
    assert!(secrets.both("api::Error (login refused)", &e).contains("login failed: 400"), "{e}");
    assert!(s.saw("SECRET-PASSWORD-"), "the password was sent");

    // A session client: the cookie is set, a call fails with an echo of key, cookie and all.
    let session = v2("/ok/", v2_auths[1].clone());
    let e = session.send(api::Request::new(api::Method::GET, "messages")).await.unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert!(s.saw(COOKIE) && s.saw(API_KEY), "the cookie and the key were sent");
    secrets.both("api::Error (status with echo)", &e);
    assert!(String::from_utf8_lossy(e.body().unwrap()).contains("\"echo\""), "the rest of the answer is kept");
    secrets.debug("api::Client (with session)", &session);
    // An answer setting the session cookie.
    let answer = session.send(api::Request::new(api::Method::GET, "cookie")).await.unwrap();
    assert!(answer.headers.contains_key("set-cookie"));
    secrets.debug("api::Response (Set-Cookie)", &answer);

    // A bearer token echoed back.
    let bearer = v2("/ok/", v2_auths[4].clone());
    let e = bearer.send(api::Request::new(api::Method::GET, "messages")).await.unwrap_err();
    assert!(s.saw(TOKEN));
    secrets.both("api::Error (bearer echoed)", &e);

    // The Maskinporten exchange of Altinn 2 refused with an echo of the token and the enterprise
    // user's password (the platform is the stand-in's root: anything but /ok/… and /bad/… is 500).
    let e = bearer
        .exchange_maskinporten(&Secret::new(MASKINPORTEN), Some(("enterprise", &Secret::new(ENTERPRISE_PASSWORD))))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert!(s.saw(MASKINPORTEN));
    secrets.both("api::Error (exchange refused)", &e);

    // --- Altinn 3: every auth, the builder and the client ---
    let env =
        |platform: &str, issuer: &str| altinn3::Environment::custom(s.url(platform), s.url("/ok/apps/"), s.url(issuer).as_str()).unwrap();
    let v3_auths = || {
        [
            altinn3::Auth::Anonymous,
            altinn3::Auth::AltinnToken(Secret::new(TOKEN)),
            altinn3::Auth::IdPorten(Secret::new(IDPORTEN)),
            altinn3::Auth::MaskinportenToken(Secret::new(MASKINPORTEN)),
            altinn3::Auth::from(grant(&pem)),
        ]
    };
    for auth in v3_auths() {
        secrets.debug("altinn3::Auth", &auth);
        let builder = altinn3::Client::builder(env("/ok/", "/ok/mp/")).auth(auth).subscription_key(SUBSCRIPTION_KEY);
        secrets.debug("altinn3::ClientBuilder", &builder);
        secrets.debug("altinn3::Client", &builder.build().unwrap());
    }
    let v3 = |platform: &str, issuer: &str, auth: altinn3::Auth| {
        altinn3::Client::builder(env(platform, issuer)).auth(auth).subscription_key(SUBSCRIPTION_KEY).build().unwrap()
    };
    let call = |c: &altinn3::Client| {
        let c = c.clone();
        let url = s.url("/ok/apps/org/app/instances");
        async move { c.send(altinn3::Request::new(api::Method::GET, url)).await }
    };

    // Maskinporten refuses the grant, echoing the signed assertion in its description and body.
    let refused = v3("/ok/", "/bad/mp/", grant(&pem).into());
    let e = call(&refused).await.unwrap_err();
    let assertions = s.assertions();
    assert!(!assertions.is_empty(), "a grant was posted");
    secrets.0.extend(assertions);
    let shown = secrets.both("altinn3::Error (grant refused)", &e);
    assert!(shown.contains("400") && shown.contains("invalid_grant"), "{shown}");
    match &e {
        altinn3::Error::Auth(a) => {
            secrets.both("AuthError::Maskinporten", a);
            assert_eq!(a.status(), Some(400));
        }
        other => panic!("not an auth error: {other:?}"),
    }

    // Maskinporten answers with its token in the wrong shape: the error says what is wrong
    // without quoting it.
    let e = call(&v3("/ok/", "/wrong/mp/", grant(&pem).into())).await.unwrap_err();
    assert!(secrets.both("altinn3::Error (token in the wrong shape)", &e).contains("no access_token"), "{e}");

    // The exchange refuses each kind of token, echoing it and the subscription key.
    for auth in
        [altinn3::Auth::IdPorten(Secret::new(IDPORTEN)), altinn3::Auth::MaskinportenToken(Secret::new(MASKINPORTEN)), grant(&pem).into()]
    {
        let e = call(&v3("/bad/", "/ok/mp/", auth)).await.unwrap_err();
        let shown = secrets.both("altinn3::Error (exchange refused)", &e);
        assert!(shown.contains("token exchange") && shown.contains("400"), "{shown}");
    }
    assert!(s.saw(IDPORTEN) && s.saw(SUBSCRIPTION_KEY), "the tokens and the key were sent");

    // A grant, an exchange and a cached token; the call fails with an echo of the Altinn token.
    let cached = v3("/ok/", "/ok/mp/", grant(&pem).into());
    let e = call(&cached).await.unwrap_err();
    assert!(s.saw(EXCHANGED), "the exchanged token was sent");
    let shown = secrets.both("altinn3::Error (call echoed)", &e);
    assert!(shown.contains("500"), "{shown}");
    match &e {
        altinn3::Error::Http(h) => {
            secrets.both("HttpError", h.as_ref());
            assert!(String::from_utf8_lossy(&h.body).contains("\"echo\""), "the rest of the answer is kept");
        }
        other => panic!("not an HTTP error: {other:?}"),
    }
    secrets.debug("altinn3::Client (token cached)", &cached);
    assert_eq!(cached.token_fetches(), 1);
    for auth in [altinn3::Auth::AltinnToken(Secret::new(TOKEN)), altinn3::Auth::IdPorten(Secret::new(IDPORTEN))] {
        secrets.both("altinn3::Error (call echoed)", &call(&v3("/ok/", "/ok/mp/", auth)).await.unwrap_err());
    }
}
