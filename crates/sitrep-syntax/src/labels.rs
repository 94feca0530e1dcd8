//! The closed label sets: Penn Treebank part-of-speech tags ([`Tag`]) and spaCy's English
//! dependency labels ([`Dep`]), exactly the sets of the teacher model the silver data comes from.

use std::fmt;
use std::str::FromStr;

/// A string that is not a member of a closed label set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLabel(pub String);

impl fmt::Display for UnknownLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown label `{}`", self.0)
    }
}

impl std::error::Error for UnknownLabel {}

macro_rules! label_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum $name {
            $(#[doc = $text] $variant,)*
        }

        impl $name {
            /// Every member, in the order of their `u8` codes (the model file's class order).
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The label as the teacher spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The member with code `code` (`self as u8`), if any.
            pub fn from_u8(code: u8) -> Option<$name> {
                Self::ALL.get(code as usize).copied()
            }
        }

        impl FromStr for $name {
            type Err = UnknownLabel;
            fn from_str(s: &str) -> Result<$name, UnknownLabel> {
                match s {
                    $($text => Ok($name::$variant),)*
                    _ => Err(UnknownLabel(s.to_string())),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

label_enum! {
    /// A Penn Treebank part-of-speech tag, as spaCy's English models write them (`Token.tag_`).
    Tag {
        Dollar = "$",
        CloseQuote = "''",
        Comma = ",",
        LeftBracket = "-LRB-",
        RightBracket = "-RRB-",
        Period = ".",
        Colon = ":",
        ADD = "ADD",
        AFX = "AFX",
        CC = "CC",
        CD = "CD",
        DT = "DT",
        EX = "EX",
        FW = "FW",
        HYPH = "HYPH",
        IN = "IN",
        JJ = "JJ",
        JJR = "JJR",
        JJS = "JJS",
        LS = "LS",
        MD = "MD",
        NFP = "NFP",
        NN = "NN",
        NNP = "NNP",
        NNPS = "NNPS",
        NNS = "NNS",
        PDT = "PDT",
        POS = "POS",
        PRP = "PRP",
        PRPS = "PRP$",
        RB = "RB",
        RBR = "RBR",
        RBS = "RBS",
        RP = "RP",
        SYM = "SYM",
        TO = "TO",
        UH = "UH",
        VB = "VB",
        VBD = "VBD",
        VBG = "VBG",
        VBN = "VBN",
        VBP = "VBP",
        VBZ = "VBZ",
        WDT = "WDT",
        WP = "WP",
        WPS = "WP$",
        WRB = "WRB",
        XX = "XX",
        Space = "_SP",
        OpenQuote = "``",
    }
}

label_enum! {
    /// A dependency label of spaCy's English models (ClearNLP style); `ROOT` marks the root.
    Dep {
        ROOT = "ROOT",
        Acl = "acl",
        Acomp = "acomp",
        Advcl = "advcl",
        Advmod = "advmod",
        Agent = "agent",
        Amod = "amod",
        Appos = "appos",
        Attr = "attr",
        Aux = "aux",
        Auxpass = "auxpass",
        Case = "case",
        Cc = "cc",
        Ccomp = "ccomp",
        Compound = "compound",
        Conj = "conj",
        Csubj = "csubj",
        Csubjpass = "csubjpass",
        Dative = "dative",
        Dep = "dep",
        Det = "det",
        Dobj = "dobj",
        Expl = "expl",
        Intj = "intj",
        Mark = "mark",
        Meta = "meta",
        Neg = "neg",
        Nmod = "nmod",
        Npadvmod = "npadvmod",
        Nsubj = "nsubj",
        Nsubjpass = "nsubjpass",
        Nummod = "nummod",
        Oprd = "oprd",
        Parataxis = "parataxis",
        Pcomp = "pcomp",
        Pobj = "pobj",
        Poss = "poss",
        Preconj = "preconj",
        Predet = "predet",
        Prep = "prep",
        Prt = "prt",
        Punct = "punct",
        Quantmod = "quantmod",
        Relcl = "relcl",
        Xcomp = "xcomp",
    }
}

impl Tag {
    /// A verb form or modal: `VB`, `VBD`, `VBG`, `VBN`, `VBP`, `VBZ`, `MD`.
    pub fn is_verb(self) -> bool {
        matches!(self, Tag::VB | Tag::VBD | Tag::VBG | Tag::VBN | Tag::VBP | Tag::VBZ | Tag::MD)
    }

    /// A finite verb: `VBD`, `VBP`, `VBZ`, `MD`.
    pub fn is_finite_verb(self) -> bool {
        matches!(self, Tag::VBD | Tag::VBP | Tag::VBZ | Tag::MD)
    }

    /// A common or proper noun: `NN`, `NNS`, `NNP`, `NNPS`.
    pub fn is_noun(self) -> bool {
        matches!(self, Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS)
    }

    /// A proper noun: `NNP`, `NNPS`.
    pub fn is_proper_noun(self) -> bool {
        matches!(self, Tag::NNP | Tag::NNPS)
    }

    /// A personal, possessive or wh- pronoun: `PRP`, `PRP$`, `WP`, `WP$`.
    pub fn is_pronoun(self) -> bool {
        matches!(self, Tag::PRP | Tag::PRPS | Tag::WP | Tag::WPS)
    }

    /// An adjective: `JJ`, `JJR`, `JJS`.
    pub fn is_adjective(self) -> bool {
        matches!(self, Tag::JJ | Tag::JJR | Tag::JJS)
    }

    /// An adverb: `RB`, `RBR`, `RBS`, `WRB`.
    pub fn is_adverb(self) -> bool {
        matches!(self, Tag::RB | Tag::RBR | Tag::RBS | Tag::WRB)
    }

    /// Punctuation: quotes, brackets, `,`, `.`, `:`, `HYPH`, `NFP`.
    pub fn is_punct(self) -> bool {
        matches!(
            self,
            Tag::CloseQuote
                | Tag::OpenQuote
                | Tag::Comma
                | Tag::LeftBracket
                | Tag::RightBracket
                | Tag::Period
                | Tag::Colon
                | Tag::HYPH
                | Tag::NFP
        )
    }
}

impl Dep {
    /// A subject: `nsubj`, `nsubjpass`, `csubj`, `csubjpass`, `expl`.
    pub fn is_subject(self) -> bool {
        matches!(self, Dep::Nsubj | Dep::Nsubjpass | Dep::Csubj | Dep::Csubjpass | Dep::Expl)
    }

    /// A passive subject: `nsubjpass`, `csubjpass`.
    pub fn is_passive_subject(self) -> bool {
        matches!(self, Dep::Nsubjpass | Dep::Csubjpass)
    }

    /// A verb's object: `dobj`, `dative`, `attr`, `oprd`.
    pub fn is_object(self) -> bool {
        matches!(self, Dep::Dobj | Dep::Dative | Dep::Attr | Dep::Oprd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_codes() {
        for (i, t) in Tag::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i);
            assert_eq!(t.as_str().parse::<Tag>(), Ok(*t));
            assert_eq!(Tag::from_u8(i as u8), Some(*t));
        }
        for (i, d) in Dep::ALL.iter().enumerate() {
            assert_eq!(*d as usize, i);
            assert_eq!(d.as_str().parse::<Dep>(), Ok(*d));
        }
        assert_eq!(Tag::ALL.len(), 50);
        assert_eq!(Dep::ALL.len(), 45);
        assert!("NNX".parse::<Tag>().is_err());
        assert_eq!(Dep::from_u8(200), None);
        assert_eq!(Dep::ROOT as u8, 0);
    }
}
