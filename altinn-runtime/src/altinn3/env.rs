//! Where Altinn 3 lives: the platform host, the app hosts (one per service owner) and
//! Maskinporten, for production, the public test environment TT02, or anything else (an internal
//! environment, a loopback stand-in).

use url::Url;

/// The platform APIs in production.
pub const PLATFORM_PRODUCTION: &str = "https://platform.altinn.no/";
/// The platform APIs in TT02.
pub const PLATFORM_TT02: &str = "https://platform.tt02.altinn.no/";
/// Maskinporten's issuer in production (the `aud` of a grant).
pub const MASKINPORTEN_PRODUCTION: &str = "https://maskinporten.no/";
/// Maskinporten's issuer in the test environment.
pub const MASKINPORTEN_TEST: &str = "https://test.maskinporten.no/";

/// Where an app's API lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppsBase {
    /// `https://{org}.apps.{domain}/{org}/{app}/` (`domain` = `altinn.no` or `tt02.altinn.no`).
    PerOrg {
        /// The domain after `{org}.apps.`.
        domain: String,
    },
    /// One host for every app, each under its `/{org}/{app}/` path (`http://127.0.0.1:PORT/`
    /// serves `http://127.0.0.1:PORT/{org}/{app}/instances`).
    Fixed(Url),
}

/// Maskinporten's issuer identifier and token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskinportenEndpoint {
    /// The issuer identifier, the grant's `aud` (`https://maskinporten.no/`).
    pub issuer: String,
    /// The token endpoint (`https://maskinporten.no/token`).
    pub token_url: Url,
}

impl MaskinportenEndpoint {
    /// An issuer whose token endpoint is `{issuer}token`.
    pub fn from_issuer(issuer: &str) -> Result<Self, url::ParseError> {
        let base = Url::parse(issuer)?;
        let token_url = with_slash(base).join("token")?;
        Ok(MaskinportenEndpoint { issuer: issuer.to_string(), token_url })
    }
}

/// An Altinn 3 environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    platform: Url,
    apps: AppsBase,
    maskinporten: MaskinportenEndpoint,
}

impl Environment {
    /// Production: `https://platform.altinn.no`, `https://{org}.apps.altinn.no/{org}/{app}`,
    /// `https://maskinporten.no/`.
    pub fn production() -> Self {
        Environment {
            platform: fixed_url(PLATFORM_PRODUCTION),
            apps: AppsBase::PerOrg { domain: "altinn.no".into() },
            maskinporten: MaskinportenEndpoint {
                issuer: MASKINPORTEN_PRODUCTION.into(),
                token_url: fixed_url("https://maskinporten.no/token"),
            },
        }
    }

    /// TT02: `https://platform.tt02.altinn.no`, `https://{org}.apps.tt02.altinn.no/{org}/{app}`,
    /// `https://test.maskinporten.no/`.
    pub fn tt02() -> Self {
        Environment {
            platform: fixed_url(PLATFORM_TT02),
            apps: AppsBase::PerOrg { domain: "tt02.altinn.no".into() },
            maskinporten: MaskinportenEndpoint {
                issuer: MASKINPORTEN_TEST.into(),
                token_url: fixed_url("https://test.maskinporten.no/token"),
            },
        }
    }

    /// Anything else: the platform base, one base serving every app under `/{org}/{app}/`, and
    /// Maskinporten's issuer (its token endpoint is `{issuer}token`; see
    /// [`Environment::with_maskinporten`] for another).
    pub fn custom(platform: Url, apps: Url, maskinporten_issuer: &str) -> Result<Self, url::ParseError> {
        Ok(Environment {
            platform: with_slash(platform),
            apps: AppsBase::Fixed(with_slash(apps)),
            maskinporten: MaskinportenEndpoint::from_issuer(maskinporten_issuer)?,
        })
    }

    /// Another platform base.
    pub fn with_platform(mut self, platform: Url) -> Self {
        self.platform = with_slash(platform);
        self
    }

    /// Another base for the apps.
    pub fn with_apps(mut self, apps: AppsBase) -> Self {
        self.apps = match apps {
            AppsBase::Fixed(u) => AppsBase::Fixed(with_slash(u)),
            other => other,
        };
        self
    }

    /// Another Maskinporten.
    pub fn with_maskinporten(mut self, endpoint: MaskinportenEndpoint) -> Self {
        self.maskinporten = endpoint;
        self
    }

    /// The platform base, ending in `/`.
    pub fn platform_url(&self) -> &Url {
        &self.platform
    }

    /// Where the apps live.
    pub fn apps(&self) -> &AppsBase {
        &self.apps
    }

    /// Maskinporten.
    pub fn maskinporten(&self) -> &MaskinportenEndpoint {
        &self.maskinporten
    }

    /// An app's base URL, `…/{org}/{app}/` (ending in `/`).
    pub fn app_url(&self, org: &str, app: &str) -> Result<Url, url::ParseError> {
        self.app_host_url(org)?.join(&format!("{}/{}/", super::segment(org), super::segment(app)))
    }

    /// The host of an organisation's apps (`https://{org}.apps.altinn.no/`, or the fixed host),
    /// under which every app's routes start with `/{org}/{app}/`.
    pub fn app_host_url(&self, org: &str) -> Result<Url, url::ParseError> {
        match &self.apps {
            AppsBase::PerOrg { domain } => Url::parse(&format!("https://{org}.apps.{domain}/")),
            AppsBase::Fixed(u) => Ok(u.clone()),
        }
    }

    /// The token exchange for a provider (`maskinporten`, `id-porten`):
    /// `{platform}/authentication/api/v1/exchange/{provider}`.
    pub fn exchange_url(&self, provider: &str) -> Result<Url, url::ParseError> {
        self.platform.join(&format!("authentication/api/v1/exchange/{provider}"))
    }
}

fn with_slash(mut u: Url) -> Url {
    if !u.path().ends_with('/') {
        let p = format!("{}/", u.path());
        u.set_path(&p);
    }
    u
}

fn fixed_url(s: &str) -> Url {
    // The presets are constants of this module, checked by the tests below.
    Url::parse(s).unwrap_or_else(|e| unreachable!("preset URL {s}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_custom() {
        let p = Environment::production();
        assert_eq!(p.app_url("skd", "mva").unwrap().as_str(), "https://skd.apps.altinn.no/skd/mva/");
        assert_eq!(
            p.exchange_url("maskinporten").unwrap().as_str(),
            "https://platform.altinn.no/authentication/api/v1/exchange/maskinporten"
        );
        assert_eq!(p.maskinporten().issuer, "https://maskinporten.no/");
        let t = Environment::tt02();
        assert_eq!(t.app_url("ttd", "a").unwrap().as_str(), "https://ttd.apps.tt02.altinn.no/ttd/a/");
        assert_eq!(t.maskinporten().token_url.as_str(), "https://test.maskinporten.no/token");
        let c = Environment::custom(
            Url::parse("http://127.0.0.1:1/p").unwrap(),
            Url::parse("http://127.0.0.1:2").unwrap(),
            "http://127.0.0.1:3/mp/",
        )
        .unwrap();
        assert_eq!(c.app_url("ttd", "x").unwrap().as_str(), "http://127.0.0.1:2/ttd/x/");
        assert_eq!(c.exchange_url("id-porten").unwrap().as_str(), "http://127.0.0.1:1/p/authentication/api/v1/exchange/id-porten");
        assert_eq!(c.maskinporten().token_url.as_str(), "http://127.0.0.1:3/mp/token");
    }
}
