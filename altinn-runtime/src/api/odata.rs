//! OData query options (`$filter`, `$orderby`, `$top`, `$skip`, `$expand`), as a typed builder.
//! Altinn runs ASP.NET Web API OData 5 (v3-style URLs): `ServiceOwner eq 'Skatteetaten'`,
//! `CreatedDate gt DateTime'2018-01-22T00:00:00'`.

/// The options of one list request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OData {
    /// `$filter`.
    pub filter: Option<String>,
    /// `$orderby`.
    pub orderby: Option<String>,
    /// `$top` (Altinn's cap is 10000).
    pub top: Option<u32>,
    /// `$skip`.
    pub skip: Option<u32>,
    /// `$expand`.
    pub expand: Option<String>,
}

/// A literal in a filter expression.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl OData {
    /// No options.
    pub fn new() -> Self {
        OData::default()
    }

    /// Adds a `$filter` clause (joined to earlier ones with `and`).
    pub fn filter(mut self, clause: impl Into<String>) -> Self {
        let clause = clause.into();
        self.filter = Some(match self.filter.take() {
            Some(f) => format!("{f} and {clause}"),
            None => clause,
        });
        self
    }

    /// `field eq 'value'`.
    pub fn eq(self, field: &str, value: &str) -> Self {
        self.filter(format!("{field} eq {}", quote(value)))
    }

    /// `field eq number`.
    pub fn eq_number(self, field: &str, value: i64) -> Self {
        self.filter(format!("{field} eq {value}"))
    }

    /// `field gt DateTime'…'`.
    pub fn after(self, field: &str, date_time: &str) -> Self {
        self.filter(format!("{field} gt DateTime'{date_time}'"))
    }

    /// `$orderby`.
    pub fn orderby(mut self, field: impl Into<String>) -> Self {
        self.orderby = Some(field.into());
        self
    }

    /// `$top`.
    pub fn top(mut self, n: u32) -> Self {
        self.top = Some(n);
        self
    }

    /// `$skip`.
    pub fn skip(mut self, n: u32) -> Self {
        self.skip = Some(n);
        self
    }

    /// `$expand`.
    pub fn expand(mut self, what: impl Into<String>) -> Self {
        self.expand = Some(what.into());
        self
    }

    /// The query pairs, in a stable order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(f) = &self.filter {
            out.push(("$filter".into(), f.clone()));
        }
        if let Some(o) = &self.orderby {
            out.push(("$orderby".into(), o.clone()));
        }
        if let Some(t) = self.top {
            out.push(("$top".into(), t.to_string()));
        }
        if let Some(s) = self.skip {
            out.push(("$skip".into(), s.to_string()));
        }
        if let Some(e) = &self.expand {
            out.push(("$expand".into(), e.clone()));
        }
        out
    }
}
