//! Elements of text content with only fixed attributes (SERES data elements: a value and a fixed
//! `orid`) as one generic struct: [`TextElement<V, F>`] holds a value of type `V`; `F`, a marker
//! type the generated code names after the schema's type, carries the fixed attributes
//! (`pub type EnhetNavn = rt::TextElement<Tekst175, markers::EnhetNavn>`). Every such type shares
//! the code here; a schema's file adds only the attributes, as constants, through
//! [`text_element!`](crate::xml::text_element).

use std::fmt;
use std::marker::PhantomData;

use super::{
    Element, FixedMismatches, FromJson, Json, JsonKind, Name, ObjectWriter, Reader, Result, SimpleValue, ToJson, Validate, Violation,
    Writer, XmlDocument, XmlRead, XmlWrite,
};

/// The fixed attributes of one text element type, implemented by the marker type named after it.
pub trait FixedAttributes {
    /// The type's name, in `Debug`.
    const NAME: &'static str;
    /// Each fixed attribute by its name and value, as read and written.
    const XML: &'static [(Name, &'static str)];
    /// Each fixed attribute by its local name, its value, and how JSON writes it. With none, the
    /// element is its value in JSON; with some, an object of `value` and the attributes.
    const JSON: &'static [(&'static str, &'static str, JsonKind)];
}

/// The root name of a text element type that is also a global element (a document of its own).
pub trait TextRoot {
    /// The root element's name.
    const ROOT: Name;
}

/// An element of text (`value`) whose attributes are the fixed ones of `F` (see the module docs).
pub struct TextElement<V, F> {
    /// The element's text.
    pub value: V,
    /// Fixed attributes read with another value than the schema's (`validate()` reports them).
    pub xml_fixed: FixedMismatches,
    marker: PhantomData<fn() -> F>,
}

impl<V, F> TextElement<V, F> {
    /// The element with this text (its fixed attributes are written by themselves).
    pub fn new(value: impl Into<V>) -> Self {
        TextElement { value: value.into(), xml_fixed: FixedMismatches::default(), marker: PhantomData }
    }

    /// The element as read: its text and the fixed attributes that had other values.
    pub fn with_fixed(value: V, xml_fixed: FixedMismatches) -> Self {
        TextElement { value, xml_fixed, marker: PhantomData }
    }
}

impl<V, F> From<V> for TextElement<V, F> {
    fn from(value: V) -> Self {
        TextElement { value, xml_fixed: FixedMismatches::default(), marker: PhantomData }
    }
}

impl<V: Clone, F> Clone for TextElement<V, F> {
    fn clone(&self) -> Self {
        TextElement { value: self.value.clone(), xml_fixed: self.xml_fixed.clone(), marker: PhantomData }
    }
}

impl<V: PartialEq, F> PartialEq for TextElement<V, F> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value && self.xml_fixed == other.xml_fixed
    }
}

/// As a struct of the type's name: `EnhetNavn { value: "…", xml_fixed: FixedMismatches([]) }`.
impl<V: fmt::Debug, F: FixedAttributes> fmt::Debug for TextElement<V, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(F::NAME).field("value", &self.value).field("xml_fixed", &self.xml_fixed).finish()
    }
}

impl<V: Validate, F> Validate for TextElement<V, F> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        self.xml_fixed.validate_at(path, out);
        self.value.validate_at(path, out);
    }
}

impl<V: SimpleValue, F: FixedAttributes> XmlRead for TextElement<V, F> {
    fn read_xml(r: &mut Reader<'_>, el: Element<'_>) -> Result<Self> {
        // `match` and a literal, not `?` and `with_fixed`: this is compiled once per type.
        match r.text_element::<V>(el, F::XML) {
            Ok((value, xml_fixed)) => Ok(TextElement { value, xml_fixed, marker: PhantomData }),
            Err(e) => Err(e),
        }
    }
}

impl<V: SimpleValue, F: FixedAttributes> XmlWrite for TextElement<V, F> {
    fn write_xml(&self, w: &mut Writer, name: Name) -> Result<()> {
        w.text_element(name, F::XML, &self.value);
        Ok(())
    }
    fn write_nil_xml(w: &mut Writer, name: Name) {
        w.nil_element_fixed(name, F::XML);
    }
}

impl<V: SimpleValue, F: FixedAttributes + TextRoot> XmlDocument for TextElement<V, F> {
    const ROOT: Name = F::ROOT;
}

impl<V: ToJson, F: FixedAttributes> ToJson for TextElement<V, F> {
    fn to_json(&self) -> Json {
        if F::JSON.is_empty() {
            return self.value.to_json();
        }
        let mut o = ObjectWriter::default();
        o.property("value", self.value.to_json());
        for (name, value, kind) in F::JSON {
            o.fixed(name, value, *kind);
        }
        o.finish()
    }
}

impl<V: FromJson, F: FixedAttributes> FromJson for TextElement<V, F> {
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        if F::JSON.is_empty() {
            return match V::from_json(v, path) {
                Ok(value) => Ok(TextElement { value, xml_fixed: FixedMismatches::default(), marker: PhantomData }),
                Err(e) => Err(e),
            };
        }
        match v {
            Json::Object(props) => match super::ObjectReader::new(props, path).field::<V>("value") {
                Ok(value) => Ok(TextElement { value, xml_fixed: FixedMismatches::default(), marker: PhantomData }),
                Err(e) => Err(e),
            },
            other => Err(super::json::not_an_object(path, other)),
        }
    }
}

/// A text element type: `pub type Name = TextElement<Value, markers::Name>` and the fixed
/// attributes of the marker `markers::Name` (declared by [`markers!`](crate::xml::markers) in the
/// same module).
///
/// ```text
/// text_element!(pub type EnhetNavn(Tekst175) { "orid" = "1" as Number, "lang" in NS1 = "nb" });
/// ```
///
/// Each fixed attribute by its local name (and namespace constant), its value, and how JSON
/// writes it (a string unless `as Number` or `as Boolean`). Docs written before `pub type` are
/// the type's; without any it gets a short one. `root "name" in NS1` after the attributes makes
/// the type a document of its own ([`XmlDocument`]), for a global element of this type.
#[doc(hidden)]
#[macro_export]
macro_rules! __text_element {
    (pub type $($rest:tt)*) => {
        $crate::__text_element!(
            #[doc = "An element of text (`value`), with its fixed attributes."]
            pub type $($rest)*
        );
    };
    ($(#[$meta:meta])+ pub type $name:ident($ty:ty) { $($local:literal $(in $ns:ident)? = $fixed:literal $(as $kind:ident)?),* $(,)? }) => {
        $(#[$meta])+
        pub type $name = $crate::xml::TextElement<$ty, markers::$name>;
        impl $crate::xml::FixedAttributes for markers::$name {
            const NAME: &'static str = ::core::stringify!($name);
            const XML: &'static [($crate::xml::Name, &'static str)] = &[$(($crate::__xml_name!($local $(in $ns)?), $fixed)),*];
            const JSON: &'static [(&'static str, &'static str, $crate::xml::JsonKind)] =
                &[$(($local, $fixed, $crate::__xml_json!(@kind $($kind)?))),*];
        }
    };
}
pub use crate::__text_element as text_element;

#[cfg(test)]
mod tests {
    use crate::xml as rt;
    use rt::{ToJson, Validate, XmlDocument};

    const NS1: rt::Ns = rt::Ns::new("urn:test");
    rt::text_element!(pub type Navn(String) { "orid" = "1" as Number });
    rt::text_element!(
        /// A bare value.
        pub type Bare(u32) {}
    );
    impl rt::TextRoot for markers::Navn {
        const ROOT: rt::Name = NS1.name("Navn");
    }
    rt::markers!(Navn, Bare);

    #[test]
    fn reads_and_writes_with_the_fixed_attributes() {
        let n = Navn::from_xml(br#"<Navn xmlns="urn:test" orid="1">Kari</Navn>"#).unwrap();
        assert_eq!(n.value, "Kari");
        assert!(n.validate().is_empty());
        let xml = n.to_xml().unwrap();
        assert!(xml.contains(r#"orid="1""#), "{xml}");
        let other = Navn::from_xml(br#"<Navn xmlns="urn:test" orid="2">Kari</Navn>"#).unwrap();
        assert_eq!(other.validate().len(), 1);
        assert_eq!(format!("{:?}", Navn::new("x")), r#"Navn { value: "x", xml_fixed: FixedMismatches([]) }"#);
    }

    #[test]
    fn json_is_an_object_only_with_fixed_attributes() {
        assert_eq!(Navn::new("Kari").to_json().to_string(), r#"{"value":"Kari","orid":1}"#);
        assert_eq!(Bare::new(3u32).to_json().to_string(), "3");
        let read = |json: &[u8]| <Navn as rt::FromJson>::from_json(&rt::Json::parse(json).unwrap(), "/navn");
        assert_eq!(read(br#"{"value":"Kari","orid":1}"#).unwrap(), Navn::new("Kari"));
        assert_eq!(read(br#""Kari""#).unwrap_err().message, "expected an object, found a string");
    }
}
