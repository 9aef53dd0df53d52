//! Reading: a pull reader with one element of look-ahead, namespaces resolved, text collected.

use std::borrow::Cow;
use std::rc::Rc;

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use super::{AnyElement, Error, Name, NamespaceScope, Result, SimpleValue, XSI, XmlContent, XmlRead, XmlWrite, engine};

/// How strictly documents are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Unknown elements and attributes are skipped, out-of-place elements too (data from Altinn
    /// may grow). The default.
    #[default]
    Lenient,
    /// Anything the schema does not allow at that place is an error with its path.
    Strict,
}

/// The element names a type reads at one place. In lenient mode, children not named here are
/// skipped before the type looks at them, unless the content is `open` (it has a wildcard, or it
/// is a nested group whose parent decides what is unknown).
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// The names.
    pub names: &'static [Name],
    /// Take every child as it comes (no skipping).
    pub open: bool,
    /// The fields of a struct read by the engine: the names of its elements are known too.
    pub parts: &'static [super::engine::Part],
}

/// Which names a [`Known`] holds, by address: two equal keys are the same names (an equal
/// address and length is the same data), so an answer found for one holds for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KnownKey(*const Name, usize, *const super::engine::Part, usize);

impl Known {
    fn key(&self) -> KnownKey {
        KnownKey(self.names.as_ptr(), self.names.len(), self.parts.as_ptr(), self.parts.len())
    }

    /// No skipping at all.
    pub const ALL: Known = Known { names: &[], open: true, parts: &[] };

    /// The names a type reads; in lenient mode other children are skipped.
    pub const fn closed(names: &'static [Name]) -> Known {
        Known { names, open: false, parts: &[] }
    }

    /// The names a type reads, with content that takes other children too (a wildcard).
    pub const fn open(names: &'static [Name]) -> Known {
        Known { names, open: true, parts: &[] }
    }
}

/// An attribute with its expanded name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Namespace.
    pub ns: Option<String>,
    /// Local name.
    pub local: String,
    /// Value (entity references resolved, attribute-value normalization applied).
    pub value: String,
}

impl Attr {
    /// Whether this is the attribute `name`.
    pub fn is(&self, name: super::Name) -> bool {
        self.local == name.local && self.ns.as_deref() == name.ns
    }
}

/// A fixed attribute read with another value than the one the schema fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedMismatch {
    /// The attribute as read.
    pub attr: Attr,
    /// The value the schema fixes.
    pub fixed: &'static str,
}

/// The fixed attributes of an element that a lenient read found with other values (SERES
/// `dataFormatVersion="47000"` where the schema fixes `47001`): kept so that `validate()` reports
/// them (rule `fixed`). Writing always writes the schema's values; values built in code have none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FixedMismatches(pub Vec<FixedMismatch>);

impl super::Validate for FixedMismatches {
    fn validate_at(&self, path: &str, out: &mut Vec<super::Violation>) {
        for m in &self.0 {
            out.push(super::Violation {
                path: format!("{path}/@{}", m.attr.local),
                rule: "fixed",
                message: format!("must be `{}` (fixed by the schema), found `{}`", m.fixed, m.attr.value),
            });
        }
    }
}

/// A start tag: name, attributes, and whether it was empty (`<a/>`). Its local name is a slice
/// of the document being read: taking one copies nothing of it.
#[derive(Debug, Clone)]
pub struct Element<'a> {
    // Shared with the reader's namespace bindings: no copy of the URI per element.
    ns: Option<Rc<str>>,
    local: &'a str,
    attrs: Vec<Attr>,
    empty: bool,
    offset: usize,
}

impl Element<'_> {
    /// Whether the element has this name.
    #[inline]
    pub fn name_is(&self, name: Name) -> bool {
        self.local == name.local && self.ns.as_deref() == name.ns
    }

    /// Namespace.
    pub fn ns(&self) -> Option<&str> {
        self.ns.as_deref()
    }

    /// Local name.
    pub fn local(&self) -> &str {
        self.local
    }

    /// The attributes other than namespace declarations.
    pub fn attrs(&self) -> &[Attr] {
        &self.attrs
    }

    /// Whether it was written as an empty tag (`<a/>`).
    pub fn is_empty_tag(&self) -> bool {
        self.empty
    }

    /// `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.attrs.iter().any(|a| a.ns.as_deref() == Some(XSI) && a.local == "nil" && matches!(a.value.trim(), "true" | "1"))
    }

    /// `{ns}local` for messages.
    pub fn display_name(&self) -> String {
        match &self.ns {
            Some(ns) => format!("{{{ns}}}{}", self.local),
            None => self.local.to_string(),
        }
    }
}

struct Open<'a> {
    /// The qualified name, as a byte range of the document (for error paths).
    name: (usize, usize),
    scope_len: usize,
    ended: bool,
    /// Character data directly inside this element, so far: borrowed from the document while
    /// it is one piece without line ends to normalize, owned once pieces are joined.
    text: Cow<'a, str>,
    /// Whether character data is kept at all: not for element-only content (the indentation
    /// between children) nor for an element being skipped.
    collect: bool,
}

/// The pull reader generated code reads with.
pub struct Reader<'a> {
    xml: quick_xml::Reader<&'a [u8]>,
    text: &'a str,
    mode: Mode,
    bindings: Vec<(Box<str>, Rc<str>)>,
    open: Vec<Open<'a>>,
    peeked: Option<Element<'a>>,
    /// The names (by [`Known::key`]) the peeked child was found among, so that a type trying
    /// its fields one after another looks the child up once, not once per field.
    peeked_known: Option<KnownKey>,
    last_offset: usize,
    /// The qualified name of the element closed last, as a byte range of the document (the
    /// element whose required parts [`Reader::required`] checks after its end tag).
    closed: (usize, usize),
    limits: Limits,
}

/// Bounds on what a read accepts, so hostile input is an error and never a stack overflow or
/// memory without bound. The defaults hold for every real Altinn form; [`with_limits`] sets
/// others for the reads a closure makes on this thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The deepest element nesting read (generated readers recurse once per level).
    pub max_depth: usize,
    /// The largest document read, in bytes (refused before it is decoded).
    pub max_bytes: usize,
}

impl Limits {
    /// 128 levels (SERES and OR forms nest about 15 deep), 256 MiB.
    pub const DEFAULT: Limits = Limits { max_depth: 128, max_bytes: 256 * 1024 * 1024 };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

thread_local! {
    static LIMITS: std::cell::Cell<Limits> = const { std::cell::Cell::new(Limits::DEFAULT) };
}

/// Runs `f` with `limits` for every document read on this thread (and restores the previous
/// ones after, also when `f` panics).
pub fn with_limits<T>(limits: Limits, f: impl FnOnce() -> T) -> T {
    struct Restore(Limits);
    impl Drop for Restore {
        fn drop(&mut self) {
            LIMITS.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(LIMITS.with(|l| l.replace(limits)));
    f()
}

/// The limits in force on this thread.
pub fn current_limits() -> Limits {
    LIMITS.with(|l| l.get())
}

impl NamespaceScope for Reader<'_> {
    fn namespace_of(&self, prefix: &str) -> Option<&str> {
        self.lookup(prefix).map(|ns| &**ns)
    }
}

/// Decodes a document's bytes to text: BOMs, UTF-16, and the declared 8-bit encodings.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>> {
    let max = current_limits().max_bytes;
    if bytes.len() > max {
        return Err(Error {
            path: "/".into(),
            line: 0,
            message: format!("the document is {} bytes, more than the {max} the reader accepts (`Limits::max_bytes`)", bytes.len()),
        });
    }
    super::encoding::decode_document(bytes).map(|(text, _)| text).map_err(|e| Error { path: "/".into(), line: e.line, message: e.message })
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

impl<'a> Reader<'a> {
    /// A reader over a document's text.
    pub fn new(text: &'a str, mode: Mode) -> Self {
        let mut xml = quick_xml::Reader::from_str(text);
        xml.config_mut().trim_text(false);
        Reader {
            xml,
            text,
            mode,
            bindings: vec![("xml".into(), Rc::from("http://www.w3.org/XML/1998/namespace"))],
            open: Vec::new(),
            peeked: None,
            peeked_known: None,
            last_offset: 0,
            closed: (0, 0),
            limits: current_limits(),
        }
    }

    /// The reading mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// An error at the current place.
    pub fn error(&self, message: impl Into<String>) -> Error {
        let line = super::tree::line_at(self.text.as_bytes(), self.last_offset);
        Error { path: self.path(), line, message: message.into() }
    }

    fn path(&self) -> String {
        if self.open.is_empty() {
            return "/".into();
        }
        self.open.iter().map(|o| format!("/{}", self.text.get(o.name.0..o.name.1).unwrap_or("?"))).collect()
    }

    #[inline]
    fn lookup(&self, prefix: &str) -> Option<&Rc<str>> {
        self.bindings.iter().rev().find(|(p, _)| &**p == prefix).map(|(_, ns)| ns).filter(|ns| !ns.is_empty())
    }

    /// The byte range of `part` inside the document text (it is a slice of it).
    #[inline]
    fn range_of(&self, part: &[u8]) -> (usize, usize) {
        let start = (part.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if start <= self.text.len() { (start, start + part.len()) } else { (0, 0) }
    }

    /// Reads a start tag into the look-ahead (`peeked`), built there rather than moved into it.
    fn start(&mut self, e: &quick_xml::events::BytesStart<'_>, empty: bool, offset: usize) -> Result<()> {
        let scope_len = self.bindings.len();
        // Two passes over the attributes: namespace declarations first (they apply to the
        // element's own name and attributes), then the others, without an intermediate list.
        let mut others = 0;
        // Most tags have no attributes at all: then neither pass starts.
        if !e.attributes_raw().trim_ascii_start().is_empty() {
            for a in e.attributes().with_checks(false) {
                let a = a.map_err(|x| self.error(format!("bad attribute: {x}")))?;
                let key: &str = a.key.as_ref();
                let prefix = if key == "xmlns" {
                    ""
                } else if let Some(p) = key.strip_prefix("xmlns:") {
                    p
                } else {
                    others += 1;
                    continue;
                };
                let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|x| self.error(format!("bad attribute value: {x}")))?;
                self.bindings.push((prefix.into(), Rc::from(&*value)));
            }
        }
        // The qualified name as a slice of the document (the reader borrows its events from it).
        let tag_name = e.name();
        let tag_name: &str = tag_name.as_ref();
        let name = self.range_of(tag_name.as_bytes());
        let text: &'a str = self.text;
        let Some(qname) = text.get(name.0..name.1).filter(|q| q.len() == tag_name.len()) else {
            return Err(self.error("internal: a start tag outside the document"));
        };
        let (ns, local) = match qname.split_once(':') {
            Some((p, l)) => {
                let ns = self.lookup(p).ok_or_else(|| self.error(format!("undeclared prefix `{p}` on <{qname}>")))?;
                (Some(ns.clone()), l)
            }
            None => (self.lookup("").cloned(), qname),
        };
        let mut attrs = Vec::with_capacity(others);
        if others > 0 {
            for a in e.attributes().with_checks(false) {
                let a = a.map_err(|x| self.error(format!("bad attribute: {x}")))?;
                let k: &str = a.key.as_ref();
                if k == "xmlns" || k.starts_with("xmlns:") {
                    continue;
                }
                let value =
                    a.normalized_value(XmlVersion::Implicit1_0).map_err(|x| self.error(format!("bad attribute value: {x}")))?.into_owned();
                let (ns, local) = match k.split_once(':') {
                    Some((p, l)) => {
                        let ns = self.lookup(p).ok_or_else(|| self.error(format!("undeclared prefix `{p}` on attribute `{k}`")))?;
                        (Some(ns.to_string()), l.to_string())
                    }
                    None => (None, k.to_string()),
                };
                attrs.push(Attr { ns, local, value });
            }
        }
        self.open.push(Open { name, scope_len, ended: empty, text: Cow::Borrowed(""), collect: true });
        if self.open.len() > self.limits.max_depth {
            return Err(self
                .error(format!("elements nested deeper than {} levels (the reader's limit: `Limits::max_depth`)", self.limits.max_depth)));
        }
        self.peeked = Some(Element { ns, local, attrs, empty, offset });
        self.peeked_known = None;
        Ok(())
    }

    /// Reads up to the next child start tag of the current element, or to its end tag (`None`).
    /// Text met on the way is collected.
    #[inline]
    fn advance(&mut self) -> Result<Option<Element<'a>>> {
        debug_assert!(self.peeked.is_none(), "advance() with a child peeked");
        Ok(if self.fill()? { self.peeked.take() } else { None })
    }

    /// [`Reader::advance`] into the look-ahead: whether a child start tag was read (it is in
    /// `peeked`, with `peeked_known` cleared).
    fn fill(&mut self) -> Result<bool> {
        if self.open.last().is_some_and(|o| o.ended) {
            return Ok(false);
        }
        loop {
            let offset = self.xml.buffer_position() as usize;
            self.last_offset = offset;
            // Matched in place (no `?` moving the event out first): the event is read where
            // `read_event` wrote it.
            match self.xml.read_event() {
                Err(e) => return Err(self.error(format!("malformed XML: {e}"))),
                Ok(Event::Start(e)) => return self.start(&e, false, offset).map(|()| true),
                Ok(Event::Empty(e)) => return self.start(&e, true, offset).map(|()| true),
                Ok(Event::End(_)) => {
                    if let Some(o) = self.open.last_mut() {
                        o.ended = true;
                    }
                    return Ok(false);
                }
                Ok(Event::Text(t)) => {
                    if let Some(o) = self.open.last_mut().filter(|o| o.collect) {
                        let piece = t.xml_content(XmlVersion::Implicit1_0);
                        if o.text.is_empty() {
                            o.text = piece;
                        } else {
                            o.text.to_mut().push_str(&piece);
                        }
                    }
                }
                Ok(Event::CData(t)) => {
                    if let Some(o) = self.open.last_mut().filter(|o| o.collect) {
                        o.text.to_mut().push_str(&t.into_inner());
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        _ => {
                            let name: &str = r.as_ref();
                            predefined(name).ok_or_else(|| self.error(format!("unknown entity `&{name};`")))?
                        }
                    };
                    if let Some(o) = self.open.last_mut().filter(|o| o.collect) {
                        o.text.to_mut().push(c);
                    }
                }
                Ok(Event::Eof) => {
                    if self.open.is_empty() {
                        return Ok(false);
                    }
                    return Err(self.error("the document ends before this element is closed"));
                }
                Ok(_) => {}
            }
        }
    }

    /// The document's root element.
    pub fn root(&mut self) -> Result<Element<'a>> {
        match self.advance()? {
            Some(el) => Ok(el),
            None => Err(self.error("the document has no root element")),
        }
    }

    /// After the root was read: only comments and whitespace may follow.
    pub fn finish(&mut self) -> Result<()> {
        loop {
            match self.xml.read_event().map_err(|e| self.error(format!("malformed XML: {e}")))? {
                Event::Eof => return Ok(()),
                Event::Start(_) | Event::Empty(_) => return Err(self.error("more than one root element")),
                _ => {}
            }
        }
    }

    /// Whether a child is in the look-ahead, reading up to it when none is yet. `fill` pushes the
    /// child as open; it stays the look-ahead until it is taken.
    #[inline]
    fn has_next(&mut self) -> Result<bool> {
        Ok(self.peeked.is_some() || self.fill()?)
    }

    /// Whether [`Reader::peek`] keeps the peeked child as it is for `known`: nothing is skipped in
    /// strict mode or open content, and the child was found among these names already.
    #[inline]
    fn keeps_peeked(&self, known: &Known) -> bool {
        self.mode == Mode::Strict || known.open || self.peeked_known == Some(known.key())
    }

    /// The next child of the current element, without taking it. In lenient mode children whose
    /// names are not in `known` are skipped first.
    pub fn peek(&mut self, known: &Known) -> Result<Option<&Element<'a>>> {
        loop {
            if !self.has_next()? {
                return Ok(None);
            }
            if self.keeps_peeked(known) {
                return Ok(self.peeked.as_ref());
            }
            let el = self.peeked.as_ref().expect("just set");
            if known.names.iter().any(|n| el.name_is(*n)) || known.parts.iter().any(|p| p.reads_element(el)) {
                self.peeked_known = Some(known.key());
            } else {
                let el = self.peeked.take().expect("present");
                self.skip(el)?;
                continue;
            }
            return Ok(self.peeked.as_ref());
        }
    }

    /// Whether the next child (after skipping unknown ones) is named `name`.
    #[inline]
    pub fn next_is(&mut self, known: &Known, name: Name) -> Result<bool> {
        // The child asked for is known by definition: no look-up among the others' names.
        if !self.has_next()? {
            return Ok(false);
        }
        if self.peeked.as_ref().is_some_and(|e| e.name_is(name)) {
            return Ok(true);
        }
        // Another child, which `peek` would keep as it is (no unknown one to skip first).
        if self.keeps_peeked(known) {
            return Ok(false);
        }
        Ok(self.peek(known)?.is_some_and(|e| e.name_is(name)))
    }

    /// Whether the next child's name is one of `names`.
    pub fn next_in(&mut self, known: &Known, names: &[Name]) -> Result<bool> {
        Ok(self.peek(known)?.is_some_and(|e| names.iter().any(|n| e.name_is(*n))))
    }

    /// Takes the child found by `peek` (its start tag; its content is read next).
    #[inline]
    pub fn take(&mut self) -> Result<Element<'a>> {
        match self.peeked.take() {
            Some(el) => Ok(el),
            None => Err(self.error("internal: take() without a child")),
        }
    }

    /// Skips an element taken or peeked, with all its content.
    pub fn skip(&mut self, _el: Element<'_>) -> Result<()> {
        if let Some(o) = self.open.last_mut() {
            o.collect = false;
        }
        while let Some(child) = self.advance()? {
            self.skip(child)?;
        }
        self.close()
    }

    /// The element just taken has element-only content: its character data (indentation) is
    /// not kept.
    pub(super) fn element_only(&mut self) {
        if self.peeked.is_none()
            && let Some(o) = self.open.last_mut()
        {
            o.collect = false;
        }
    }

    #[inline]
    fn close(&mut self) -> Result<()> {
        if let Some(o) = self.open.pop() {
            self.bindings.truncate(o.scope_len);
            self.closed = o.name;
        }
        Ok(())
    }

    /// Finishes the current element: what is left is an error in strict mode, skipped otherwise.
    pub fn end(&mut self, _el: Element<'_>) -> Result<()> {
        if let Some(child) = self.peeked.take() {
            if self.mode == Mode::Strict {
                return Err(self.error(format!("unexpected element {}", child.display_name())));
            }
            self.skip(child)?;
        }
        while let Some(child) = self.advance()? {
            if self.mode == Mode::Strict {
                let name = child.display_name();
                self.open.pop();
                return Err(self.error(format!("unexpected element {name}")));
            }
            self.skip(child)?;
        }
        self.close()
    }

    /// The text content of the current element (child elements are an error in strict mode).
    pub fn text(&mut self, el: Element<'_>) -> Result<String> {
        self.text_cow(el).map(Cow::into_owned)
    }

    /// [`Reader::text`], borrowed from the document where it can be.
    #[inline]
    fn text_cow(&mut self, el: Element<'_>) -> Result<Cow<'a, str>> {
        let out = self.text_open(el)?;
        self.close()?;
        Ok(out)
    }

    /// The text content of the current element, which stays open.
    #[inline]
    fn text_open(&mut self, el: Element<'_>) -> Result<Cow<'a, str>> {
        while let Some(child) = self.advance()? {
            if self.mode == Mode::Strict {
                return Err(self.error(format!("unexpected element {} in text content", child.display_name())));
            }
            self.skip(child)?;
        }
        let _ = el;
        Ok(self.open.last_mut().map(|o| std::mem::take(&mut o.text)).unwrap_or_default())
    }

    /// Text collected directly inside the current element so far (mixed content), taken.
    pub fn take_text(&mut self) -> String {
        // While a child is peeked it is the top of the stack; its parent holds the text.
        let i = if self.peeked.is_some() { self.open.len().saturating_sub(2) } else { self.open.len().saturating_sub(1) };
        self.open.get_mut(i).map(|o| std::mem::take(&mut o.text).into_owned()).unwrap_or_default()
    }

    /// Parses a simple value, with the path in the error. Strict reading also refuses values
    /// of the right form outside their value space (`2023-02-29`); lenient reading keeps them
    /// for `validate()`.
    pub fn parse<T: SimpleValue>(&self, text: &str) -> Result<T> {
        self.parse_checked(text).map_err(|e| self.error(e.0))
    }

    fn parse_checked<T: SimpleValue>(&self, text: &str) -> std::result::Result<T, super::ValueError> {
        // `match` rather than `?`: this is compiled once per value type, and each `?` would add
        // two more functions per type.
        let v = match T::parse_xml_in(text, self) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        if self.mode == Mode::Strict
            && let Err(e) = v.check_value_space()
        {
            return Err(e);
        }
        Ok(v)
    }

    /// Reads the current element as a simple value (with the element's namespace bindings in
    /// scope, for QName values), checked as [`Reader::parse`] checks.
    pub fn simple<T: SimpleValue>(&mut self, el: Element<'_>) -> Result<T> {
        let text = match self.text_open(el) {
            Ok(text) => text,
            Err(e) => return Err(e),
        };
        // The error names the element's path, so it is made before the element closes; the
        // element closes whether or not its text parsed.
        let value = match self.parse_checked::<T>(&text) {
            Ok(v) => Ok(v),
            Err(e) => Err(self.text_error(e)),
        };
        match self.close() {
            Ok(()) => value,
            Err(e) => Err(e),
        }
    }

    /// The error of a text that did not parse, at the element's `text()`.
    fn text_error(&self, e: super::ValueError) -> Error {
        let mut err = self.error(e.0);
        err.path = format!("{}/text()", err.path);
        err
    }

    /// Reads an element with text content whose only attributes are the ones its type fixes
    /// (checked in strict mode; others are unknown): the shared body of every type generated
    /// through [`text_element!`](crate::xml::text_element).
    pub fn text_element<T: SimpleValue>(&mut self, el: Element<'_>, fixed: &[(Name, &'static str)]) -> Result<(T, FixedMismatches)> {
        let found = match self.fixed_attrs(&el, fixed) {
            Ok(found) => found,
            Err(e) => return Err(e),
        };
        match self.simple(el) {
            Ok(v) => Ok((v, found)),
            Err(e) => Err(e),
        }
    }

    /// An optional complex element: read when the next child (after skipping unknown ones in
    /// lenient mode) is `name`. These `opt_*` and `many_*` methods are the engine's element
    /// kinds ([`engine::Kind`](super::engine::Kind)), for generated readers of content the
    /// engine's table does not describe (`xs:all`, choices).
    pub fn opt_child<T: XmlRead + XmlWrite>(&mut self, known: &Known, name: Name) -> Result<Option<T>> {
        <engine::Child as engine::Kind<T>>::opt(self, known, name)
    }

    /// An optional simple element.
    pub fn opt_simple<T: SimpleValue>(&mut self, known: &Known, name: Name) -> Result<Option<T>> {
        <engine::Simple as engine::Kind<T>>::opt(self, known, name)
    }

    /// An optional nillable complex element.
    pub fn opt_nillable<T: XmlRead + XmlWrite>(&mut self, known: &Known, name: Name) -> Result<Option<super::Nillable<T>>> {
        <engine::Nillable as engine::Kind<super::Nillable<T>>>::opt(self, known, name)
    }

    /// An optional nillable simple element.
    pub fn opt_nillable_simple<T: SimpleValue>(&mut self, known: &Known, name: Name) -> Result<Option<super::Nillable<T>>> {
        <engine::NillableSimple as engine::Kind<super::Nillable<T>>>::opt(self, known, name)
    }

    /// A repeated complex element: each next child named `name`, in order.
    pub fn many_child<T: XmlRead + XmlWrite>(&mut self, known: &Known, name: Name) -> Result<Vec<T>> {
        <engine::Child as engine::Kind<T>>::many(self, known, name)
    }

    /// A repeated simple element.
    pub fn many_simple<T: SimpleValue>(&mut self, known: &Known, name: Name) -> Result<Vec<T>> {
        <engine::Simple as engine::Kind<T>>::many(self, known, name)
    }

    /// A repeated nillable complex element.
    pub fn many_nillable<T: XmlRead + XmlWrite>(&mut self, known: &Known, name: Name) -> Result<Vec<super::Nillable<T>>> {
        <engine::Nillable as engine::Kind<super::Nillable<T>>>::many(self, known, name)
    }

    /// A repeated nillable simple element.
    pub fn many_nillable_simple<T: SimpleValue>(&mut self, known: &Known, name: Name) -> Result<Vec<super::Nillable<T>>> {
        <engine::NillableSimple as engine::Kind<super::Nillable<T>>>::many(self, known, name)
    }

    /// An optional element of any type, kept as raw XML.
    pub fn opt_any(&mut self, known: &Known, name: Name) -> Result<Option<AnyElement>> {
        if !self.next_is(known, name)? {
            return Ok(None);
        }
        self.child_any().map(Some)
    }

    /// A repeated element of any type, kept as raw XML.
    pub fn many_any(&mut self, known: &Known, name: Name) -> Result<Vec<AnyElement>> {
        let mut out = Vec::new();
        while self.next_is(known, name)? {
            out.push(self.child_any()?);
        }
        Ok(out)
    }

    /// Refuses (strict) or ignores (lenient) every attribute but `xsi:*`: a type without
    /// attributes.
    pub fn no_attrs(&self, el: &Element<'_>) -> Result<()> {
        el.attrs().iter().try_for_each(|a| self.unknown_attr(a))
    }

    /// The attributes of a type whose only attributes are fixed: each checked (another value is
    /// an error in strict mode, kept for `validate()` in lenient mode), any other refused or
    /// ignored as [`Reader::no_attrs`] does.
    pub fn fixed_attrs(&self, el: &Element<'_>, fixed: &[(Name, &'static str)]) -> Result<FixedMismatches> {
        let mut found = FixedMismatches::default();
        for a in el.attrs() {
            match fixed.iter().find(|(n, _)| a.is(*n)) {
                Some((_, v)) => self.fixed_attr(a, v, &mut found)?,
                None => self.unknown_attr(a)?,
            }
        }
        Ok(found)
    }

    /// Takes the next child and reads it as a simple value.
    pub fn child_simple<T: SimpleValue>(&mut self) -> Result<T> {
        match self.take() {
            Ok(el) => self.simple(el),
            Err(e) => Err(e),
        }
    }

    /// Takes the next child and reads it as a complex value.
    pub fn child<T: XmlRead>(&mut self) -> Result<T> {
        match self.take() {
            Ok(el) => T::read_xml(self, el),
            Err(e) => Err(e),
        }
    }

    /// Takes the next child, which may be `xsi:nil`, and reads it as a simple value.
    pub fn child_nillable_simple<T: SimpleValue>(&mut self) -> Result<super::Nillable<T>> {
        match self.take_nillable() {
            Ok(Some(el)) => match self.simple(el) {
                Ok(v) => Ok(super::Nillable::Value(v)),
                Err(e) => Err(e),
            },
            Ok(None) => Ok(super::Nillable::Nil),
            Err(e) => Err(e),
        }
    }

    /// Takes the next child, which may be `xsi:nil`, and reads it as a complex value.
    pub fn child_nillable<T: XmlRead>(&mut self) -> Result<super::Nillable<T>> {
        match self.take_nillable() {
            Ok(Some(el)) => match T::read_xml(self, el) {
                Ok(v) => Ok(super::Nillable::Value(v)),
                Err(e) => Err(e),
            },
            Ok(None) => Ok(super::Nillable::Nil),
            Err(e) => Err(e),
        }
    }

    /// The next child if it is `name`, taken (its content is read next): what the engine's
    /// readers need before the one call per value type that reads it.
    pub(super) fn next_child(&mut self, known: &Known, name: Name) -> Result<Option<Element<'a>>> {
        if self.next_is(known, name)? { self.take().map(Some) } else { Ok(None) }
    }

    /// [`Reader::next_child`] for a nillable element: `Some(None)` when it is `xsi:nil` (read to
    /// its end already).
    pub(super) fn next_nillable(&mut self, known: &Known, name: Name) -> Result<Option<Option<Element<'a>>>> {
        if self.next_is(known, name)? { self.take_nillable().map(Some) } else { Ok(None) }
    }

    /// Takes the next child: `None` when it is `xsi:nil` (then read to its end), else the
    /// element to read. Not generic, so the nillable readers above add one small function per
    /// value type, not a chain of them.
    fn take_nillable(&mut self) -> Result<Option<Element<'a>>> {
        let el = self.take()?;
        if el.is_nil() {
            self.end(el)?;
            return Ok(None);
        }
        Ok(Some(el))
    }

    /// Reads an element taken already (a nillable root): `Nil` when it is `xsi:nil`, else what
    /// `read` makes of it.
    pub fn nillable_of<'e, T>(
        &mut self,
        el: Element<'e>,
        read: impl FnOnce(&mut Self, Element<'e>) -> Result<T>,
    ) -> Result<super::Nillable<T>> {
        if el.is_nil() {
            self.end(el)?;
            Ok(super::Nillable::Nil)
        } else {
            read(self, el).map(super::Nillable::Value)
        }
    }

    /// Takes the next child as raw XML.
    pub fn child_any(&mut self) -> Result<AnyElement> {
        let el = self.take()?;
        AnyElement::read(self, el)
    }

    /// Reads content (a choice or repeated group) from the current element's children.
    pub fn content<T: XmlContent>(&mut self) -> Result<T> {
        T::read_content(self)
    }

    /// Reads the next child element raw (for wildcards), or `None` at the end.
    pub(super) fn next_raw(&mut self) -> Result<Option<Element<'a>>> {
        if let Some(el) = self.peeked.take() {
            return Ok(Some(el));
        }
        self.advance()
    }

    /// Whether the next child is one a wildcard takes: any element not named in `taken` (the
    /// names the rest of the type reads).
    pub fn next_other(&mut self, taken: &[Name]) -> Result<bool> {
        if !self.has_next()? {
            return Ok(false);
        }
        Ok(self.peeked.as_ref().is_some_and(|e| !taken.iter().any(|n| e.name_is(*n))))
    }

    /// Whether the next child starts a group that begins with a wildcard: it is named in
    /// `names`, or it is one the wildcard takes (not in `taken`).
    pub fn next_in_or_other(&mut self, known: &Known, names: &[Name], taken: &[Name]) -> Result<bool> {
        Ok(self.next_in(known, names)? || self.next_other(taken)?)
    }

    /// A required part of the element read last (called after its end tag): the value, or an
    /// error at the part's path. `what` is the part's XML name: an element (`Innsender`: the error
    /// is at `/melding/Innsender`), an attribute (`@id`), or a description of content without a
    /// single name (`one of A, B`: at the element's path).
    pub fn required<T>(&self, value: Option<T>, what: &str) -> Result<T> {
        value.ok_or_else(|| {
            let closed = self.text.get(self.closed.0..self.closed.1).unwrap_or("?");
            self.missing(format!("{}/{closed}", self.path().trim_end_matches('/')), what)
        })
    }

    /// [`Reader::required`] for a part of the content being read (a group of elements without
    /// an element of its own, inside the element still open).
    pub fn required_here<T>(&self, value: Option<T>, what: &str) -> Result<T> {
        value.ok_or_else(|| self.missing(self.path(), what))
    }

    fn missing(&self, at: String, what: &str) -> Error {
        let mut e = self.error(String::new());
        let at = at.trim_end_matches('/');
        (e.path, e.message) = if let Some(attr) = what.strip_prefix('@') {
            (format!("{at}/{what}"), format!("required attribute {attr} is missing"))
        } else if what.contains(' ') {
            (if at.is_empty() { "/".to_string() } else { at.to_string() }, format!("required content ({what}) is missing"))
        } else {
            (format!("{at}/{what}"), format!("required element {what} is missing"))
        };
        e
    }

    /// An attribute the type does not declare: an error in strict mode unless it is `xsi:*`.
    pub fn unknown_attr(&self, a: &Attr) -> Result<()> {
        if self.mode == Mode::Strict && a.ns.as_deref() != Some(XSI) {
            return Err(self.error(format!("unexpected attribute {}", a.local)));
        }
        Ok(())
    }

    /// Checks a fixed attribute's value (whitespace aside): another value is an error in strict
    /// mode; lenient reading keeps it in `found` for `validate()` to report.
    pub fn fixed_attr(&self, a: &Attr, fixed: &'static str, found: &mut FixedMismatches) -> Result<()> {
        if a.value == fixed || a.value.split_whitespace().eq(fixed.split_whitespace()) {
            return Ok(());
        }
        if self.mode == Mode::Strict {
            return Err(self.error(format!("attribute {} must be `{fixed}`, found `{}`", a.local, a.value)));
        }
        found.0.push(FixedMismatch { attr: a.clone(), fixed });
        Ok(())
    }

    /// After [`Reader::next_raw`] returned a child: the text of its parent before it.
    pub(super) fn text_before_child(&mut self) -> String {
        let i = self.open.len().saturating_sub(2);
        self.open.get_mut(i).map(|o| std::mem::take(&mut o.text).into_owned()).unwrap_or_default()
    }

    /// The rest of the current element's text (after its last child), taken, and the element
    /// closed.
    pub(super) fn close_with_text(&mut self) -> Result<String> {
        let t = self.open.last_mut().map(|o| std::mem::take(&mut o.text).into_owned()).unwrap_or_default();
        self.close()?;
        Ok(t)
    }

    /// The prefixed namespace bindings of the current element: its own declarations, or
    /// (`own_only` false) every prefix in scope, innermost binding first come.
    pub(super) fn prefixes_in_scope(&self, own_only: bool) -> Vec<(String, String)> {
        let from = if own_only { self.open.last().map_or(0, |o| o.scope_len) } else { 1 };
        let mut out: Vec<(String, String)> = Vec::new();
        for (p, ns) in self.bindings[from.min(self.bindings.len())..].iter().rev() {
            if !p.is_empty() && !out.iter().any(|(q, _)| **q == **p) {
                out.push((p.to_string(), ns.to_string()));
            }
        }
        out.reverse();
        out
    }

    /// Byte offset of an element's start tag.
    pub fn offset(&self, el: &Element<'_>) -> usize {
        el.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short and long names, with non-ASCII letters, read, compare and print the same way.
    #[test]
    fn short_and_long_local_names() {
        for local in ["Navn", "Næringsoppgave", &"Ø".repeat(23), &"Langtnavn".repeat(7)] {
            let doc = format!(r#"<p:{local} xmlns:p="urn:x"/>"#);
            let mut r = Reader::new(&doc, Mode::Strict);
            let el = r.root().unwrap();
            let leaked: &'static str = Box::leak(local.to_string().into_boxed_str());
            assert_eq!(el.local(), local);
            assert!(el.name_is(Name::new(Some("urn:x"), leaked)));
            assert!(!el.name_is(Name::new(None, leaked)));
            let last = leaked.char_indices().last().unwrap().0;
            assert!(!el.name_is(Name::new(Some("urn:x"), &leaked[..last])));
            assert_eq!(el.display_name(), format!("{{urn:x}}{local}"));
        }
    }
}
