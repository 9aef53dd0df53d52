//! The built-in datatypes of XML Schema and how they map.

use crate::model::xsd::Builtin;

/// What a built-in XSD type maps to; `None` for `anyType` (not simple).
pub fn builtin(local: &str) -> Option<Builtin> {
    use Builtin::*;
    Some(match local {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "ID" | "IDREF" | "IDREFS" | "ENTITY" | "ENTITIES"
        | "NMTOKEN" | "NMTOKENS" | "anyURI" | "anySimpleType" | "anyAtomicType" => String,
        "QName" | "NOTATION" => QName,
        "boolean" => Boolean,
        "decimal" => Decimal,
        "integer" | "nonNegativeInteger" | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" => Integer,
        "long" => I64,
        "int" => I32,
        "short" => I16,
        "byte" => I8,
        "unsignedLong" => U64,
        "unsignedInt" => U32,
        "unsignedShort" => U16,
        "unsignedByte" => U8,
        "float" => Float,
        "double" => Double,
        "date" => Date,
        "dateTime" | "dateTimeStamp" => DateTime,
        "time" => Time,
        "gYear" => GYear,
        "gYearMonth" => GYearMonth,
        "gMonth" => GMonth,
        "gMonthDay" => GMonthDay,
        "gDay" => GDay,
        "duration" | "dayTimeDuration" | "yearMonthDuration" => Duration,
        "base64Binary" => Base64Binary,
        "hexBinary" => HexBinary,
        _ => return None,
    })
}

/// Implicit bounds of the unbounded integer types (`positiveInteger` ≥ 1 …), as (min, max).
pub fn implicit_range(local: &str) -> (Option<i128>, Option<i128>) {
    match local {
        "nonNegativeInteger" => (Some(0), None),
        "positiveInteger" => (Some(1), None),
        "nonPositiveInteger" => (None, Some(0)),
        "negativeInteger" => (None, Some(-1)),
        _ => (None, None),
    }
}

/// True for the integer family.
pub fn is_integer(b: Builtin) -> bool {
    use Builtin::*;
    matches!(b, Integer | I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64)
}

/// The range of a sized integer type.
pub fn range_of(b: Builtin) -> (i128, i128) {
    use Builtin::*;
    match b {
        I8 => (i8::MIN as i128, i8::MAX as i128),
        I16 => (i16::MIN as i128, i16::MAX as i128),
        I32 => (i32::MIN as i128, i32::MAX as i128),
        I64 => (i64::MIN as i128, i64::MAX as i128),
        U8 => (0, u8::MAX as i128),
        U16 => (0, u16::MAX as i128),
        U32 => (0, u32::MAX as i128),
        U64 => (0, u64::MAX as i128),
        _ => (i128::MIN, i128::MAX),
    }
}

/// The smallest Rust integer that holds `[lo, hi]`, or `None` when it needs more than 64 bits
/// (or is unbounded).
pub fn sized_integer(lo: Option<i128>, hi: Option<i128>) -> Option<Builtin> {
    use Builtin::*;
    let (lo, hi) = (lo?, hi?);
    let candidates = if lo >= 0 { [U8, U16, U32, U64] } else { [I8, I16, I32, I64] };
    candidates.into_iter().find(|b| {
        let (min, max) = range_of(*b);
        lo >= min && hi <= max
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(sized_integer(Some(0), Some(999_999)), Some(Builtin::U32));
        assert_eq!(sized_integer(Some(-5), Some(100)), Some(Builtin::I8));
        assert_eq!(sized_integer(Some(0), None), None);
        assert_eq!(sized_integer(Some(0), Some(u64::MAX as i128 + 1)), None);
    }
}
