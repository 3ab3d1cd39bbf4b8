namespace Bot.Knowledge.Cleaning;

/// <summary>
/// The maintained lists the cleaning step (and the validator's banned wording) rest on. Keep them in
/// sync with what spam pages actually inject; add words in lower case. Never list a medicine that is
/// genuinely used for hemifacial spasm (botulinum toxin, carbamazepine, clonazepam, baclofen, gabapentin,
/// oxcarbazepine): those are discussed in the facts.
/// </summary>
public static class ContaminationLists
{
    /// <summary>
    /// Drug and brand names that spam pages inject in place of a condition's name. The first four are
    /// the ones found in our seeds; the rest are the names most often injected into health pages by
    /// pharmacy spam (antihistamines, anti-nausea, erectile-dysfunction, sleep, weight-loss and pain drugs).
    /// </summary>
    public static IReadOnlyList<string> InjectedDrugNames { get; } =
    [
        "zyrtec", "cetirizine", "reglan", "metoclopramide",
        "levocetirizine", "xyzal", "claritin", "loratadine", "allegra", "fexofenadine", "benadryl", "diphenhydramine",
        "zofran", "ondansetron", "domperidone", "motilium",
        "viagra", "sildenafil", "cialis", "tadalafil", "levitra", "vardenafil",
        "xanax", "alprazolam", "ambien", "zolpidem", "valium", "ativan", "lorazepam",
        "tramadol", "ultram", "oxycodone", "oxycontin", "hydrocodone", "vicodin", "soma", "carisoprodol",
        "phentermine", "adipex", "modafinil", "provigil",
        "propecia", "finasteride", "accutane", "isotretinoin",
        "ivermectin", "hydroxychloroquine", "amoxicillin", "doxycycline", "azithromycin", "zithromax",
        "lasix", "furosemide", "prednisone", "synthroid", "lipitor", "zoloft", "prozac",
    ];

    /// <summary>Commerce phrases (regular expressions, matched case-insensitively).</summary>
    public static IReadOnlyList<string> CommercePatterns { get; } =
    [
        @"\bbuy\b[^.?!]{0,60}?\bonline\b",
        @"\b(?:order|purchase)\b[^.?!]{0,60}?\bonline\b",
        @"\bonline\s+pharmacy\b",
        @"\bwithout\s+(?:a\s+)?prescription\b",
        @"\bno\s+prescription\b",
        @"\bcoupons?\b",
        @"\bdiscount(?:ed)?\b",
        @"\bfree\s+shipping\b",
        @"\bpills?\b",
    ];

    /// <summary>Fragments that do not belong in a page about hemifacial spasm (regular expressions).</summary>
    public static IReadOnlyList<string> OffTopicPatterns { get; } =
    [
        @"\bvitamin\s+[a-z]\b",
        @"\beggs?\b",
        @"\bsunlight\b",
        @"\bcancer(?:ous)?\b",
        @"\bcasino\b",
        @"\bloans?\b",
        @"\bcrypto\w*\b",
        @"\bweight\s+loss\b",
        @"\bdiet\s+plan\b",
        @"\bantibiotics?\b", // no source links antibiotics with HFS (fact check 002-28)
    ];
}
