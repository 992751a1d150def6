//! The closed vocabulary of English time expressions, as lexical classes.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
    /// The first month of the (northern) season, for ordering against a date.
    pub fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// A part of the day, with its TimeML code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pod {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl Pod {
    pub fn code(self) -> &'static str {
        match self {
            Pod::Morning => "MO",
            Pod::Afternoon => "AF",
            Pod::Evening => "EV",
            Pod::Night => "NI",
        }
    }
}

/// Keywords the grammar looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kw {
    The,
    A,
    Last,
    Next,
    This,
    Past,
    Coming,
    Previous,
    Following,
    Current,
    Same,
    That,
    Ago,
    Later,
    Earlier,
    Before,
    After,
    Early,
    Late,
    Mid,
    Middle,
    End,
    Beginning,
    Start,
    Of,
    In,
    On,
    Fiscal,
    Every,
    Each,
    Per,
    Few,
    Several,
    Couple,
    Many,
    SomeDet,
    Recent,
    Recently,
    Latest,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Currently,
    Soon,
    Future,
    Nowadays,
    Lately,
    Half,
    Noon,
    Midnight,
    More,
    Than,
    Less,
    About,
    Around,
    Nearly,
    Almost,
    Approximately,
    Roughly,
    Over,
    Under,
    Up,
    To,
    Least,
    At,
    And,
    Or,
    Daily,
    Weekly,
    Monthly,
    Annually,
    Yearly,
    Quarterly,
    Hourly,
    Nightly,
    Christmas,
    Thanksgiving,
    Eve,
    New,
    Final,
    Second,
    Once,
    Twice,
    Within,
    Upcoming,
    Long,
    Old,
    Hundred,
    Thousand,
    Present,
    Presently,
    Am,
    Pm,
    Zone,
    // Tense cues.
    Will,
    Shall,
    Going,
    /// "would" and the modals "should", "must", "can", "might": what is to happen.
    Would,
    Expected,
    Scheduled,
    Plans,
    Due,
    PastVerb,
    /// "was", "were": past, unless a future word follows ("were planning to").
    PastAux,
    /// "be", "been", "being": a participle after them is passive, not past ("will be held").
    Be,
    Reporting,
    /// Present-tense verbs of scheduled events ("the trial begins Tuesday").
    Scheduled3,
    Near,
    OtherDet,
    Since,
    Until,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lex {
    /// A word the grammar does not use.
    Other,
    Punct(u8),
    /// Digits only; `digits` counts leading zeros too ("05").
    Num {
        value: u32,
        digits: u8,
    },
    /// "1990s", "90s".
    Decade {
        value: u32,
        digits: u8,
    },
    /// "25th", "1st", "21st" (a day of month or century number).
    OrdinalNum(u32),
    /// "3pm", "10am": hour with its half of the day.
    HourAmPm {
        hour: u32,
        pm: bool,
    },
    Month(u32),
    /// "Jan", "Sept": abbreviated months, ambiguous with names without context.
    MonthAbbr(u32),
    Weekday(u32),
    WeekdayAbbr(u32),
    NumWord(u32),
    Ordinal(u32),
    Unit {
        unit: Unit,
        plural: bool,
    },
    Season(Season),
    Pod(Pod),
    Kw(Kw),
}

/// Every word of the vocabulary with its class. Reporting verbs say when something was said,
/// not when the reported event happens ("said the vote will be held on Nov. 16"): they are a
/// tense cue only right beside the date ("said Friday").
static WORDS: &[(&str, Lex)] = &[
    ("january", Lex::Month(1)),
    ("february", Lex::Month(2)),
    ("march", Lex::Month(3)),
    ("april", Lex::Month(4)),
    ("may", Lex::Month(5)),
    ("june", Lex::Month(6)),
    ("july", Lex::Month(7)),
    ("august", Lex::Month(8)),
    ("september", Lex::Month(9)),
    ("october", Lex::Month(10)),
    ("november", Lex::Month(11)),
    ("december", Lex::Month(12)),
    ("jan", Lex::MonthAbbr(1)),
    ("feb", Lex::MonthAbbr(2)),
    ("mar", Lex::MonthAbbr(3)),
    ("apr", Lex::MonthAbbr(4)),
    ("jun", Lex::MonthAbbr(6)),
    ("jul", Lex::MonthAbbr(7)),
    ("aug", Lex::MonthAbbr(8)),
    ("sep", Lex::MonthAbbr(9)),
    ("sept", Lex::MonthAbbr(9)),
    ("oct", Lex::MonthAbbr(10)),
    ("nov", Lex::MonthAbbr(11)),
    ("dec", Lex::MonthAbbr(12)),
    ("monday", Lex::Weekday(1)),
    ("tuesday", Lex::Weekday(2)),
    ("wednesday", Lex::Weekday(3)),
    ("thursday", Lex::Weekday(4)),
    ("friday", Lex::Weekday(5)),
    ("saturday", Lex::Weekday(6)),
    ("sunday", Lex::Weekday(7)),
    ("mon", Lex::WeekdayAbbr(1)),
    ("tue", Lex::WeekdayAbbr(2)),
    ("tues", Lex::WeekdayAbbr(2)),
    ("wed", Lex::WeekdayAbbr(3)),
    ("thu", Lex::WeekdayAbbr(4)),
    ("thur", Lex::WeekdayAbbr(4)),
    ("thurs", Lex::WeekdayAbbr(4)),
    ("fri", Lex::WeekdayAbbr(5)),
    ("sat", Lex::WeekdayAbbr(6)),
    ("sun", Lex::WeekdayAbbr(7)),
    ("one", Lex::NumWord(1)),
    ("two", Lex::NumWord(2)),
    ("three", Lex::NumWord(3)),
    ("four", Lex::NumWord(4)),
    ("five", Lex::NumWord(5)),
    ("six", Lex::NumWord(6)),
    ("seven", Lex::NumWord(7)),
    ("eight", Lex::NumWord(8)),
    ("nine", Lex::NumWord(9)),
    ("ten", Lex::NumWord(10)),
    ("eleven", Lex::NumWord(11)),
    ("twelve", Lex::NumWord(12)),
    ("thirteen", Lex::NumWord(13)),
    ("fourteen", Lex::NumWord(14)),
    ("fifteen", Lex::NumWord(15)),
    ("sixteen", Lex::NumWord(16)),
    ("seventeen", Lex::NumWord(17)),
    ("eighteen", Lex::NumWord(18)),
    ("nineteen", Lex::NumWord(19)),
    ("twenty", Lex::NumWord(20)),
    ("thirty", Lex::NumWord(30)),
    ("forty", Lex::NumWord(40)),
    ("fifty", Lex::NumWord(50)),
    ("sixty", Lex::NumWord(60)),
    ("seventy", Lex::NumWord(70)),
    ("eighty", Lex::NumWord(80)),
    ("ninety", Lex::NumWord(90)),
    ("first", Lex::Ordinal(1)),
    ("third", Lex::Ordinal(3)),
    ("fourth", Lex::Ordinal(4)),
    ("fifth", Lex::Ordinal(5)),
    ("sixth", Lex::Ordinal(6)),
    ("seventh", Lex::Ordinal(7)),
    ("eighth", Lex::Ordinal(8)),
    ("ninth", Lex::Ordinal(9)),
    ("tenth", Lex::Ordinal(10)),
    ("eleventh", Lex::Ordinal(11)),
    ("twelfth", Lex::Ordinal(12)),
    ("thirteenth", Lex::Ordinal(13)),
    ("fourteenth", Lex::Ordinal(14)),
    ("fifteenth", Lex::Ordinal(15)),
    ("sixteenth", Lex::Ordinal(16)),
    ("seventeenth", Lex::Ordinal(17)),
    ("eighteenth", Lex::Ordinal(18)),
    ("nineteenth", Lex::Ordinal(19)),
    ("twentieth", Lex::Ordinal(20)),
    ("thirtieth", Lex::Ordinal(30)),
    (
        "minute",
        Lex::Unit {
            unit: Unit::Minute,
            plural: false,
        },
    ),
    (
        "minutes",
        Lex::Unit {
            unit: Unit::Minute,
            plural: true,
        },
    ),
    (
        "mins",
        Lex::Unit {
            unit: Unit::Minute,
            plural: true,
        },
    ),
    (
        "hour",
        Lex::Unit {
            unit: Unit::Hour,
            plural: false,
        },
    ),
    (
        "hours",
        Lex::Unit {
            unit: Unit::Hour,
            plural: true,
        },
    ),
    (
        "hrs",
        Lex::Unit {
            unit: Unit::Hour,
            plural: true,
        },
    ),
    (
        "day",
        Lex::Unit {
            unit: Unit::Day,
            plural: false,
        },
    ),
    (
        "days",
        Lex::Unit {
            unit: Unit::Day,
            plural: true,
        },
    ),
    (
        "week",
        Lex::Unit {
            unit: Unit::Week,
            plural: false,
        },
    ),
    (
        "weeks",
        Lex::Unit {
            unit: Unit::Week,
            plural: true,
        },
    ),
    (
        "weekend",
        Lex::Unit {
            unit: Unit::Weekend,
            plural: false,
        },
    ),
    (
        "weekends",
        Lex::Unit {
            unit: Unit::Weekend,
            plural: true,
        },
    ),
    (
        "month",
        Lex::Unit {
            unit: Unit::Month,
            plural: false,
        },
    ),
    (
        "months",
        Lex::Unit {
            unit: Unit::Month,
            plural: true,
        },
    ),
    (
        "quarter",
        Lex::Unit {
            unit: Unit::Quarter,
            plural: false,
        },
    ),
    (
        "quarters",
        Lex::Unit {
            unit: Unit::Quarter,
            plural: true,
        },
    ),
    (
        "year",
        Lex::Unit {
            unit: Unit::Year,
            plural: false,
        },
    ),
    (
        "years",
        Lex::Unit {
            unit: Unit::Year,
            plural: true,
        },
    ),
    (
        "decade",
        Lex::Unit {
            unit: Unit::Decade,
            plural: false,
        },
    ),
    (
        "decades",
        Lex::Unit {
            unit: Unit::Decade,
            plural: true,
        },
    ),
    (
        "century",
        Lex::Unit {
            unit: Unit::Century,
            plural: false,
        },
    ),
    (
        "centuries",
        Lex::Unit {
            unit: Unit::Century,
            plural: true,
        },
    ),
    (
        "seconds",
        Lex::Unit {
            unit: Unit::Second,
            plural: true,
        },
    ),
    ("spring", Lex::Season(Season::Spring)),
    ("summer", Lex::Season(Season::Summer)),
    ("fall", Lex::Season(Season::Fall)),
    ("autumn", Lex::Season(Season::Fall)),
    ("winter", Lex::Season(Season::Winter)),
    ("morning", Lex::Pod(Pod::Morning)),
    ("afternoon", Lex::Pod(Pod::Afternoon)),
    ("evening", Lex::Pod(Pod::Evening)),
    ("night", Lex::Pod(Pod::Night)),
    ("overnight", Lex::Pod(Pod::Night)),
    ("the", Lex::Kw(Kw::The)),
    ("a", Lex::Kw(Kw::A)),
    ("an", Lex::Kw(Kw::A)),
    ("last", Lex::Kw(Kw::Last)),
    ("next", Lex::Kw(Kw::Next)),
    ("this", Lex::Kw(Kw::This)),
    ("past", Lex::Kw(Kw::Past)),
    ("coming", Lex::Kw(Kw::Coming)),
    ("previous", Lex::Kw(Kw::Previous)),
    ("preceding", Lex::Kw(Kw::Previous)),
    ("prior", Lex::Kw(Kw::Previous)),
    ("following", Lex::Kw(Kw::Following)),
    ("ensuing", Lex::Kw(Kw::Following)),
    ("subsequent", Lex::Kw(Kw::Following)),
    ("current", Lex::Kw(Kw::Current)),
    ("same", Lex::Kw(Kw::Same)),
    ("that", Lex::Kw(Kw::That)),
    ("ago", Lex::Kw(Kw::Ago)),
    ("later", Lex::Kw(Kw::Later)),
    ("earlier", Lex::Kw(Kw::Earlier)),
    ("before", Lex::Kw(Kw::Before)),
    ("after", Lex::Kw(Kw::After)),
    ("early", Lex::Kw(Kw::Early)),
    ("late", Lex::Kw(Kw::Late)),
    ("mid", Lex::Kw(Kw::Mid)),
    ("middle", Lex::Kw(Kw::Middle)),
    ("end", Lex::Kw(Kw::End)),
    ("beginning", Lex::Kw(Kw::Beginning)),
    ("start", Lex::Kw(Kw::Start)),
    ("of", Lex::Kw(Kw::Of)),
    ("near", Lex::Kw(Kw::Near)),
    ("other", Lex::Kw(Kw::OtherDet)),
    ("since", Lex::Kw(Kw::Since)),
    ("until", Lex::Kw(Kw::Until)),
    ("till", Lex::Kw(Kw::Until)),
    ("in", Lex::Kw(Kw::In)),
    ("on", Lex::Kw(Kw::On)),
    ("fiscal", Lex::Kw(Kw::Fiscal)),
    ("every", Lex::Kw(Kw::Every)),
    ("each", Lex::Kw(Kw::Each)),
    ("per", Lex::Kw(Kw::Per)),
    ("few", Lex::Kw(Kw::Few)),
    ("several", Lex::Kw(Kw::Several)),
    ("couple", Lex::Kw(Kw::Couple)),
    ("many", Lex::Kw(Kw::Many)),
    ("some", Lex::Kw(Kw::SomeDet)),
    ("recent", Lex::Kw(Kw::Recent)),
    ("recently", Lex::Kw(Kw::Recently)),
    ("latest", Lex::Kw(Kw::Latest)),
    ("today", Lex::Kw(Kw::Today)),
    ("yesterday", Lex::Kw(Kw::Yesterday)),
    ("tomorrow", Lex::Kw(Kw::Tomorrow)),
    ("tonight", Lex::Kw(Kw::Tonight)),
    ("now", Lex::Kw(Kw::Now)),
    ("currently", Lex::Kw(Kw::Currently)),
    ("soon", Lex::Kw(Kw::Soon)),
    ("future", Lex::Kw(Kw::Future)),
    ("nowadays", Lex::Kw(Kw::Nowadays)),
    ("lately", Lex::Kw(Kw::Lately)),
    ("half", Lex::Kw(Kw::Half)),
    ("noon", Lex::Kw(Kw::Noon)),
    ("midday", Lex::Kw(Kw::Noon)),
    ("midnight", Lex::Kw(Kw::Midnight)),
    ("more", Lex::Kw(Kw::More)),
    ("than", Lex::Kw(Kw::Than)),
    ("less", Lex::Kw(Kw::Less)),
    ("fewer", Lex::Kw(Kw::Less)),
    ("about", Lex::Kw(Kw::About)),
    ("around", Lex::Kw(Kw::Around)),
    ("nearly", Lex::Kw(Kw::Nearly)),
    ("almost", Lex::Kw(Kw::Almost)),
    ("approximately", Lex::Kw(Kw::Approximately)),
    ("roughly", Lex::Kw(Kw::Roughly)),
    ("over", Lex::Kw(Kw::Over)),
    ("under", Lex::Kw(Kw::Under)),
    ("up", Lex::Kw(Kw::Up)),
    ("to", Lex::Kw(Kw::To)),
    ("least", Lex::Kw(Kw::Least)),
    ("at", Lex::Kw(Kw::At)),
    ("and", Lex::Kw(Kw::And)),
    ("or", Lex::Kw(Kw::Or)),
    ("daily", Lex::Kw(Kw::Daily)),
    ("weekly", Lex::Kw(Kw::Weekly)),
    ("monthly", Lex::Kw(Kw::Monthly)),
    ("annually", Lex::Kw(Kw::Annually)),
    ("yearly", Lex::Kw(Kw::Yearly)),
    ("quarterly", Lex::Kw(Kw::Quarterly)),
    ("hourly", Lex::Kw(Kw::Hourly)),
    ("nightly", Lex::Kw(Kw::Nightly)),
    ("christmas", Lex::Kw(Kw::Christmas)),
    ("thanksgiving", Lex::Kw(Kw::Thanksgiving)),
    ("eve", Lex::Kw(Kw::Eve)),
    ("new", Lex::Kw(Kw::New)),
    ("final", Lex::Kw(Kw::Final)),
    ("second", Lex::Kw(Kw::Second)),
    ("once", Lex::Kw(Kw::Once)),
    ("twice", Lex::Kw(Kw::Twice)),
    ("within", Lex::Kw(Kw::Within)),
    ("upcoming", Lex::Kw(Kw::Upcoming)),
    ("long", Lex::Kw(Kw::Long)),
    ("old", Lex::Kw(Kw::Old)),
    ("hundred", Lex::Kw(Kw::Hundred)),
    ("thousand", Lex::Kw(Kw::Thousand)),
    ("present", Lex::Kw(Kw::Present)),
    ("presently", Lex::Kw(Kw::Presently)),
    ("am", Lex::Kw(Kw::Am)),
    ("pm", Lex::Kw(Kw::Pm)),
    ("gmt", Lex::Kw(Kw::Zone)),
    ("utc", Lex::Kw(Kw::Zone)),
    ("est", Lex::Kw(Kw::Zone)),
    ("edt", Lex::Kw(Kw::Zone)),
    ("cst", Lex::Kw(Kw::Zone)),
    ("cdt", Lex::Kw(Kw::Zone)),
    ("mst", Lex::Kw(Kw::Zone)),
    ("mdt", Lex::Kw(Kw::Zone)),
    ("pst", Lex::Kw(Kw::Zone)),
    ("pdt", Lex::Kw(Kw::Zone)),
    ("msk", Lex::Kw(Kw::Zone)),
    ("cet", Lex::Kw(Kw::Zone)),
    ("cest", Lex::Kw(Kw::Zone)),
    ("bst", Lex::Kw(Kw::Zone)),
    ("will", Lex::Kw(Kw::Will)),
    ("ll", Lex::Kw(Kw::Will)),
    ("shall", Lex::Kw(Kw::Shall)),
    ("going", Lex::Kw(Kw::Going)),
    ("would", Lex::Kw(Kw::Would)),
    ("should", Lex::Kw(Kw::Would)),
    ("must", Lex::Kw(Kw::Would)),
    ("can", Lex::Kw(Kw::Would)),
    ("might", Lex::Kw(Kw::Would)),
    ("expected", Lex::Kw(Kw::Expected)),
    ("expects", Lex::Kw(Kw::Expected)),
    ("expect", Lex::Kw(Kw::Expected)),
    ("scheduled", Lex::Kw(Kw::Scheduled)),
    ("planned", Lex::Kw(Kw::Scheduled)),
    ("slated", Lex::Kw(Kw::Scheduled)),
    ("set", Lex::Kw(Kw::Scheduled)),
    ("plans", Lex::Kw(Kw::Plans)),
    ("planning", Lex::Kw(Kw::Plans)),
    ("preparing", Lex::Kw(Kw::Plans)),
    ("plan", Lex::Kw(Kw::Plans)),
    ("intends", Lex::Kw(Kw::Plans)),
    ("aims", Lex::Kw(Kw::Plans)),
    ("due", Lex::Kw(Kw::Due)),
    ("begins", Lex::Kw(Kw::Scheduled3)),
    ("starts", Lex::Kw(Kw::Scheduled3)),
    ("opens", Lex::Kw(Kw::Scheduled3)),
    ("meets", Lex::Kw(Kw::Scheduled3)),
    ("resumes", Lex::Kw(Kw::Scheduled3)),
    ("ends", Lex::Kw(Kw::Scheduled3)),
    ("expires", Lex::Kw(Kw::Scheduled3)),
    ("arrives", Lex::Kw(Kw::Scheduled3)),
    ("visits", Lex::Kw(Kw::Scheduled3)),
    ("travels", Lex::Kw(Kw::Scheduled3)),
    ("hosts", Lex::Kw(Kw::Scheduled3)),
    ("faces", Lex::Kw(Kw::Scheduled3)),
    ("said", Lex::Kw(Kw::Reporting)),
    ("told", Lex::Kw(Kw::Reporting)),
    ("announced", Lex::Kw(Kw::Reporting)),
    ("reported", Lex::Kw(Kw::Reporting)),
    ("added", Lex::Kw(Kw::Reporting)),
    ("stated", Lex::Kw(Kw::Reporting)),
    ("noted", Lex::Kw(Kw::Reporting)),
    ("claimed", Lex::Kw(Kw::Reporting)),
    ("confirmed", Lex::Kw(Kw::Reporting)),
    ("denied", Lex::Kw(Kw::Reporting)),
    ("insisted", Lex::Kw(Kw::Reporting)),
    ("warned", Lex::Kw(Kw::Reporting)),
    ("explained", Lex::Kw(Kw::Reporting)),
    ("stressed", Lex::Kw(Kw::Reporting)),
    ("emphasized", Lex::Kw(Kw::Reporting)),
    ("emphasised", Lex::Kw(Kw::Reporting)),
    ("declared", Lex::Kw(Kw::Reporting)),
    ("indicated", Lex::Kw(Kw::Reporting)),
    ("was", Lex::Kw(Kw::PastAux)),
    ("be", Lex::Kw(Kw::Be)),
    ("been", Lex::Kw(Kw::Be)),
    ("being", Lex::Kw(Kw::Be)),
    ("were", Lex::Kw(Kw::PastAux)),
    ("had", Lex::Kw(Kw::PastVerb)),
    ("did", Lex::Kw(Kw::PastVerb)),
    ("took", Lex::Kw(Kw::PastVerb)),
    ("came", Lex::Kw(Kw::PastVerb)),
    ("went", Lex::Kw(Kw::PastVerb)),
    ("met", Lex::Kw(Kw::PastVerb)),
    ("began", Lex::Kw(Kw::PastVerb)),
    ("held", Lex::Kw(Kw::PastVerb)),
    ("made", Lex::Kw(Kw::PastVerb)),
    ("left", Lex::Kw(Kw::PastVerb)),
    ("fell", Lex::Kw(Kw::PastVerb)),
    ("rose", Lex::Kw(Kw::PastVerb)),
    ("saw", Lex::Kw(Kw::PastVerb)),
    ("gave", Lex::Kw(Kw::PastVerb)),
    ("won", Lex::Kw(Kw::PastVerb)),
    ("lost", Lex::Kw(Kw::PastVerb)),
    ("paid", Lex::Kw(Kw::PastVerb)),
    ("sold", Lex::Kw(Kw::PastVerb)),
    ("got", Lex::Kw(Kw::PastVerb)),
    ("ran", Lex::Kw(Kw::PastVerb)),
    ("hit", Lex::Kw(Kw::PastVerb)),
    ("brought", Lex::Kw(Kw::PastVerb)),
    ("bought", Lex::Kw(Kw::PastVerb)),
    ("thought", Lex::Kw(Kw::PastVerb)),
    ("caught", Lex::Kw(Kw::PastVerb)),
    ("fought", Lex::Kw(Kw::PastVerb)),
    ("sought", Lex::Kw(Kw::PastVerb)),
    ("found", Lex::Kw(Kw::PastVerb)),
    ("built", Lex::Kw(Kw::PastVerb)),
    ("sent", Lex::Kw(Kw::PastVerb)),
    ("spent", Lex::Kw(Kw::PastVerb)),
    ("kept", Lex::Kw(Kw::PastVerb)),
    ("felt", Lex::Kw(Kw::PastVerb)),
    ("dealt", Lex::Kw(Kw::PastVerb)),
    ("meant", Lex::Kw(Kw::PastVerb)),
    ("heard", Lex::Kw(Kw::PastVerb)),
    ("led", Lex::Kw(Kw::PastVerb)),
    ("fled", Lex::Kw(Kw::PastVerb)),
    ("wrote", Lex::Kw(Kw::PastVerb)),
    ("drove", Lex::Kw(Kw::PastVerb)),
    ("broke", Lex::Kw(Kw::PastVerb)),
    ("spoke", Lex::Kw(Kw::PastVerb)),
    ("chose", Lex::Kw(Kw::PastVerb)),
    ("stole", Lex::Kw(Kw::PastVerb)),
    ("swore", Lex::Kw(Kw::PastVerb)),
    ("became", Lex::Kw(Kw::PastVerb)),
    ("overcame", Lex::Kw(Kw::PastVerb)),
    ("forgot", Lex::Kw(Kw::PastVerb)),
    ("shot", Lex::Kw(Kw::PastVerb)),
    ("struck", Lex::Kw(Kw::PastVerb)),
    ("stood", Lex::Kw(Kw::PastVerb)),
    ("understood", Lex::Kw(Kw::PastVerb)),
    ("withdrew", Lex::Kw(Kw::PastVerb)),
    ("drew", Lex::Kw(Kw::PastVerb)),
    ("grew", Lex::Kw(Kw::PastVerb)),
    ("knew", Lex::Kw(Kw::PastVerb)),
    ("threw", Lex::Kw(Kw::PastVerb)),
    ("flew", Lex::Kw(Kw::PastVerb)),
    ("shown", Lex::Kw(Kw::PastVerb)),
    ("hid", Lex::Kw(Kw::PastVerb)),
    ("laid", Lex::Kw(Kw::PastVerb)),
    ("stuck", Lex::Kw(Kw::PastVerb)),
    ("hung", Lex::Kw(Kw::PastVerb)),
    ("sank", Lex::Kw(Kw::PastVerb)),
    ("arose", Lex::Kw(Kw::PastVerb)),
    ("forgave", Lex::Kw(Kw::PastVerb)),
    ("shook", Lex::Kw(Kw::PastVerb)),
    ("seized", Lex::Kw(Kw::PastVerb)),
];

/// A word of at most 16 ASCII letters and digits, lower-cased and packed into an integer: a
/// cheap, exact key. Setting bit 5 of every byte lower-cases letters and leaves digits as they
/// are, so the whole word is lower-cased in one operation.
fn pack_lower(w: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    buf[..w.len()].copy_from_slice(w);
    let case = u128::from_le_bytes([0x20; 16]) >> (8 * (16 - w.len()));
    u128::from_le_bytes(buf) | case
}

/// Slots of the open-addressing table: a power of two, about four times the vocabulary.
const SLOTS: usize = 2048;

fn slot_of(key: u128) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (x.wrapping_mul(0xff51_afd7_ed55_8ccd) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// The vocabulary as a linear-probing table of packed words. Written here rather than using
/// `HashMap` because this lookup runs for most words of every text: a multiply, a shift and
/// usually one 16-byte compare.
struct Vocabulary {
    keys: Vec<u128>,
    lexes: Vec<Lex>,
    /// Bit `len` of entry `27 * first letter + second letter` is set when some word starts
    /// with those letters and has that length: most words of a text fail this test and are
    /// never looked up.
    shapes: Vec<u32>,
}

impl Vocabulary {
    fn get(&self, key: u128) -> Option<Lex> {
        let mut slot = slot_of(key);
        loop {
            match self.keys[slot] {
                0 => return None,
                k if k == key => return Some(self.lexes[slot]),
                _ => slot = (slot + 1) & (SLOTS - 1),
            }
        }
    }
}

fn vocabulary() -> &'static Vocabulary {
    static V: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let mut v = Vocabulary {
            keys: vec![0; SLOTS],
            lexes: vec![Lex::Other; SLOTS],
            shapes: vec![0u32; 27 * 27],
        };
        for (w, lex) in WORDS {
            let b = w.as_bytes();
            let key = pack_lower(b);
            let mut slot = slot_of(key);
            while v.keys[slot] != 0 {
                slot = (slot + 1) & (SLOTS - 1);
            }
            v.keys[slot] = key;
            v.lexes[slot] = *lex;
            v.shapes[shape_index(b)] |= 1 << b.len();
        }
        v
    })
}

fn letter_index(b: u8) -> usize {
    let l = usize::from(b.to_ascii_lowercase().wrapping_sub(b'a'));
    if l < 26 {
        l
    } else {
        26
    }
}

fn shape_index(w: &[u8]) -> usize {
    letter_index(w[0]) * 27 + w.get(1).map_or(26, |&b| letter_index(b))
}

/// The class of a word of ASCII letters and digits (any case). Digits are parsed; letters
/// are looked up only when the word's first two letters and length match some entry of the
/// vocabulary, which most words of a text do not.
pub(crate) fn classify(w: &[u8]) -> Lex {
    if w[0].is_ascii_digit() {
        return classify_numeric(w);
    }
    if w.len() > 16 {
        return Lex::Other;
    }
    let v = vocabulary();
    if v.shapes[shape_index(w)] & (1 << w.len()) == 0 {
        return Lex::Other;
    }
    v.get(pack_lower(w)).unwrap_or(Lex::Other)
}

/// A past-tense or participle form ("reached", "killed"), for tense cues: the regular ending,
/// less names and common words that only look like one.
pub(crate) fn looks_past(w: &[u8]) -> bool {
    // Capitalised words are names ("United States", "Mohammed").
    w.len() > 4
        && w[0].is_ascii_lowercase()
        && w[w.len() - 2..].eq_ignore_ascii_case(b"ed")
        && ![
            "indeed", "proceed", "exceed", "succeed", "hundred", "speed", "need",
        ]
        .iter()
        .any(|x| x.as_bytes().eq_ignore_ascii_case(w))
}

fn classify_numeric(w: &[u8]) -> Lex {
    let digits = w.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 9 {
        return Lex::Other;
    }
    let value = w[..digits]
        .iter()
        .fold(0u32, |v, &d| v * 10 + u32::from(d - b'0'));
    let rest = &w[digits..];
    let d = digits as u8;
    match rest {
        b"" => Lex::Num { value, digits: d },
        b"s" if value % 10 == 0 && (d == 2 || d == 4) => Lex::Decade { value, digits: d },
        b"st" | b"nd" | b"rd" | b"th" if value > 0 => Lex::OrdinalNum(value),
        b"am" | b"pm" if (1..=12).contains(&value) => Lex::HourAmPm {
            hour: value,
            pm: rest == b"pm",
        },
        _ => Lex::Other,
    }
}
