namespace Bot.Knowledge.Tests.TestData;

/// <summary>
/// Every claim row of the project's medical fact check (medical-factcheck.md, handed over with the seeds; not read by the tests) (section 1) marked WRONG, PARTLY WRONG,
/// OUTDATED-OR-OFFENSIVE or UNSUPPORTED, with the fact that publishes the corrected statement
/// (<see cref="Rows"/>) or, when the claim is deliberately left unpublished, what must never appear (<see cref="Unpublished"/>).
/// </summary>
public static class SeedCorrections
{
    public static TheoryData<string, string> Rows { get; } = new()
    {
        { "000-04 synkinesis as the characteristic symptom", "ddx-synkinesis" },
        { "000-06 loud sounds trigger spasms", "hfs-triggers" },
        { "000-09 non-surgical options, botulinum toxin left out", "hfs-treatment-options" },
        { "000-10 MVD the only treatment, always permanent", "mvd-success" },
        { "000-11 pieces of own muscle as the cushion", "mvd-implant" },
        { "000-14 spasms damage the facial nerve", "outlook-nerve-damage" },
        { "000-16 ephaptic transmission as a cause", "hfs-mechanism" },
        { "000-18 tumours become cancerous", "hfs-tumours" },
        { "000-21 a support group teaches treatment", "coping-support" },
        { "000-24 'tic cramps'", "ddx-tics" },
        { "000-25 starts at eyelid, cheek or mouth alike", "hfs-atypical-onset" },
        { "000-27 more common on the left", "hfs-which-side" },
        { "000-30 eyelid twitching called blepharospasm", "ddx-blepharospasm" },
        { "000-33 spasms blind the eye", "hfs-vision-driving" },
        { "000-34 abnormality in facial structure", "hfs-secondary-causes" },
        { "000-35 spreads to the body", "hfs-spread" },
        { "002-04 first described in 1875", "hfs-history" },
        { "002-05 'Brissot' described it and named it", "hfs-other-names" },
        { "002-07 'Brissot's disease'", "hfs-other-names" },
        { "002-09 offensive racial label", "hfs-ethnicity" },
        { "002-10 skull structure explains it", "hfs-skull-shape" },
        { "002-18 one-sided in 90% because of the vessel", "hfs-one-side-only" },
        { "002-19 hypertension widens vessels and causes it", "hfs-hypertension" },
        { "002-20 hypertension explains older age", "hfs-older-arteries" },
        { "002-21 heart problems give a high chance", "hfs-myths-causes" },
        { "002-25 cortex injuries cause it", "ddx-focal-seizures" },
        { "002-27 drugs and poisons cause it", "hfs-myths-causes" },
        { "002-28 antibiotics dangerous, doses", "hfs-myths-causes" },
        { "002-29 genetic predisposition", "hfs-family-history" },
        { "002-30 bright light, loud sounds, eating trigger it", "hfs-triggers" },
        { "002-31 called convulsions", "ddx-focal-seizures" },
        { "002-37 overwork, insomnia, irritability", "outlook-course" },
        { "002-38 spasm replaced by paresis", "outlook-weakness" },
        { "002-39 nerve does not support vision and hearing", "hfs-ear-clicking" },
        { "002-40 main complication is hearing loss", "mvd-hearing-loss" },
    };

    /// <summary>Claims left unpublished: the words no answer may contain and the sentence (if any) no fact may give as provenance.</summary>
    public static TheoryData<string, string, string?> Unpublished { get; } = new()
    {
        { "002-06 described by a Frenchman in 1894 (year unverified)", "1894", null },
        { "002-36 squeezing of the neurons prevents relaxation (no source)", "neurons", "S002.p12.s02" },
        { "002-21 heart problems give a high chance of HFS (no source)", "high chance", null },
    };

    /// <summary>The wrong statements of the seeds, verbatim: each must be caught by the banned wording.</summary>
    public static TheoryData<string> WrongStatements { get; } = new()
    {
        "Hemifacial spasms are also known as tic cramps.",
        "This is known as blepharospasm.",
        "Sometimes these eyelid spasms can cause your eye to close completely or blind your eye.",
        "An untreated tumor can cause further nerve damage because the tumor grows or becomes cancerous.",
        "The twitching may also spread to other parts of the same side of your face and body.",
        "Brissot, a neuropathologist, gave a detailed description of facial muscle spasms.",
        "The problem was diagnosed more often in patients of the Mongoloid race.",
        "That is why the cramp in 90% of cases is unilateral.",
        "If untreated, the spasm of the muscles of the face is replaced by their paresis.",
        "The main one is hearing loss.",
        "Convulsions are characterized by signs accompanying movement disorders.",
        "vitamin D, which you can get from eggs, milk, and sunlight.",
    };
}
