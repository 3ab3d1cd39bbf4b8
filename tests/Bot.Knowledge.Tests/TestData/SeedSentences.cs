namespace Bot.Knowledge.Tests.TestData;

/// <summary>
/// Sentence ids of the two seed pages, derived by hand from the claims table of
/// the project's medical fact check (medical-factcheck.md, handed over with the seeds; not read by the tests) (section 1). Paragraph numbers are the fact check's P numbers
/// (non-empty blocks); sentence numbers count sentences inside a paragraph.
/// </summary>
public static class SeedSentences
{
    /// <summary>Every sentence holding a row marked SPAM-NOISE: the cleaner must remove it or take the spam out.</summary>
    public static TheoryData<string, string> SpamNoise { get; } = new()
    {
        { "S000.p01.s01", "000-02 'zyrtec pills hemispasm'" },
        { "S000.p02.s01", "000-03 date '14 May 2023'" },
        { "S000.p03.s02", "000-05 'buy cetirizine online'" },
        { "S000.p04.s02", "000-08 'treatment of zyrtec pills'" },
        { "S000.p07.s01", "000-03 date '18 May 2023'" },
        { "S000.p09.s01", "000-36 stray heading 'What is hemifacial spasm?'" },
        { "S000.p09.s02", "000-36 run-together heading 'Symptoms What are ...'" },
        { "S000.p09.s07", "000-17 vitamin D fragment" },
        { "S000.p10.s01", "000-19 cancer spreading fragment" },
        { "S000.p13.s01", "000-03 date '13 jan 2023'" },
        { "S000.p16.s04", "000-36 truncated 'including.'" },
        { "S002.p01.s01", "002-02 'the cause of reglan pills'" },
        { "S002.p01.s02", "002-03 table of contents" },
        { "S002.p02.s04", "002-11 'buy metoclopramide online'" },
        { "S002.p03.s04", "002-15 'the cause of reglan online'" },
        { "S002.p07.s02", "002-22 truncated 'which include.'" },
        { "S002.p08.s01", "002-23 'Tumor lesions of metoclopramide'" },
        { "S002.p09.s07", "002-27 'metoclopramide pills'" },
        { "S002.p10.s01", "002-28 antibiotics" },
        { "S002.p10.s02", "002-28 'of reglan importance'" },
    };

    /// <summary>Sentences whose every claim the fact check marks SUPPORTED (and that hold no spam once repaired): the cleaner must keep them.</summary>
    public static TheoryData<string, string> Sound { get; } = new()
    {
        { "S000.p01.s01", "000-01 eating, talking, emotion aggravate (after the spam is taken out)" },
        { "S000.p04.s01", "000-07 compression at the root exit zone" },
        { "S000.p06.s01", "000-12 position for surgery" },
        { "S000.p06.s02", "000-12 retromastoid craniotomy" },
        { "S000.p06.s03", "000-12 operating microscope" },
        { "S000.p08.s01", "000-13 photo caption" },
        { "S000.p08.s02", "000-13 PICA loop" },
        { "S000.p09.s04", "000-15 blood vessel pressing on the nerve" },
        { "S000.p10.s02", "000-20 becomes more noticeable and spreads" },
        { "S000.p11.s01", "000-22 one side of the face" },
        { "S000.p11.s02", "000-23 facial nerve, seventh cranial nerve" },
        { "S000.p11.s03", "000-23 contractions from nerve irritation" },
        { "S000.p12.s04", "000-26 most common in women over 40" },
        { "S000.p14.s01", "000-28 not dangerous in itself" },
        { "S000.p14.s02", "000-28 frustrating" },
        { "S000.p14.s03", "000-28 eye closure limits function" },
        { "S000.p15.s01", "000-29 first symptom one-sided twitch" },
        { "S000.p15.s02", "000-29 begins at the eyelid" },
        { "S000.p15.s04", "000-31 worse when anxious or tired" },
        { "S002.p01.s01", "002-01 treatment depends on the cause (after the spam is taken out)" },
        { "S002.p03.s01", "002-12 pathogenesis not fully understood" },
        { "S002.p03.s02", "002-12 exact nature unknown" },
        { "S002.p03.s03", "002-13 primary and secondary forms" },
        { "S002.p03.s04", "002-14 examination to find the cause (after the spam is taken out)" },
        { "S002.p03.s05", "002-14 cause shapes treatment and prognosis" },
        { "S002.p04.s01", "002-16 clonic twitches from nerve compression" },
        { "S002.p05.s01", "002-17 most often a vessel" },
        { "S002.p09.s01", "002-24 tumours compress or displace the nerve" },
        { "S002.p09.s05", "002-26 pulsating vessel irritates the nerve" },
        { "S002.p11.s03", "002-32 starts around the eye" },
        { "S002.p11.s04", "002-33 one-sided, then worsens" },
        { "S002.p11.s05", "002-33 larger surface affected" },
        { "S002.p11.s06", "002-33 more muscle groups" },
        { "S002.p11.s07", "002-33 cheeks, lips, forehead" },
        { "S002.p11.s08", "002-34 painless, sudden" },
        { "S002.p12.s01", "002-35 continues at night" },
        { "S002.p14.s03", "002-41 examination by a neurologist" },
    };
}
