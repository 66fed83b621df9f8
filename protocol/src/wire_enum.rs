//! Crate-private helpers of the wire types: string enums that keep unknown values (issue 9) and
//! read a `null` as "none sent" (issue 13). Percent-encoding lives in [`crate::rules::percent`].

use serde::{Deserialize, Deserializer};

/// A string enum of the wire, declared with [`wire_enum!`].
pub(crate) trait WireEnum: Sized {
    /// The variant for a wire value (`Other` for an unknown one).
    fn from_wire_value(value: &str) -> Self;
}

/// `null` (or, with `#[serde(default = ...)]`/`default`, absent) reads as `Other("")`: no value
/// sent, which no reader treats as a known state.
pub(crate) fn null_as_unsent<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: WireEnum + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_else(|| T::from_wire_value("")))
}

/// Declares a string enum of the wire: listed values map to variants, anything else is kept as
/// `Other(String)` (a newer server may add values; readers must treat them as "not final").
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this contract does not know, as sent.
            Other(String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Other(other) => other,
                }
            }

            /// The variant for a wire value (`Other` for an unknown one).
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl $crate::wire_enum::WireEnum for $name {
            fn from_wire_value(value: &str) -> Self {
                $name::from_wire(value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from_wire(&value))
            }
        }
    };
}

pub(crate) use wire_enum;
