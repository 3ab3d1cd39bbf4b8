namespace Bot.Knowledge.Validation;

/// <summary>
/// The rule for reference links: a patient is sent only to the canonical record of a source. A URL is
/// canonical when it is <c>https</c>, its host is on <see cref="AllowedHosts"/> (PubMed / PMC, doi.org,
/// health bodies, clinical reference publishers, hospitals' own patient pages, journal publishers), it
/// has no fragment, and no query string unless the publisher's own addresses need one
/// (<see cref="QueryAllowedHosts"/>). Mirrors, proxies, scrapers, aggregators and legacy PubMed
/// addresses are rejected with a message saying what to use instead. Add a host here only after checking
/// that it is the publisher or the health body itself.
/// </summary>
public static class CanonicalUrls
{
    /// <summary>Hosts whose pages may be cited (exact, lower case).</summary>
    public static IReadOnlySet<string> AllowedHosts { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        // Literature records
        "pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov", "doi.org",
        // Health bodies
        "www.ninds.nih.gov", "www.nih.gov", "medlineplus.gov", "www.nhs.uk", "www.who.int", "www.cdc.gov",
        // Clinical reference publishers
        "www.msdmanuals.com", "msdmanuals.com", "www.statpearls.com", "statpearls.com",
        "emedicine.medscape.com", "www.medscape.com", "www.cochranelibrary.com",
        // Hospitals' and academic centres' own patient pages
        "www.mayoclinic.org", "mayoclinic.org", "my.clevelandclinic.org", "www.pennmedicine.org",
        "www.barrowneuro.org", "neurosurgery.weillcornell.org", "www.umanitoba.ca", "asoprseducation.org",
        "www.henryford.com", "henryford.com",
        // Journal and book publishers (their own article pages)
        "thejns.org", "www.mdpi.com", "mdpi.com", "www.ijo.in", "www.aerzteblatt.de", "karger.com",
        "www.jkns.or.kr", "jnnp.bmj.com", "n.neurology.org", "www.jns-journal.com", "www.e-jend.org",
        "www.jstage.jst.go.jp", "jamanetwork.com", "link.springer.com", "onlinelibrary.wiley.com",
        "www.thieme-connect.de", "insights.ovid.com",
        // Reference wikis edited by professional bodies
        "radiopaedia.org", "eyewiki.org",
    };

    /// <summary>Allowed hosts whose canonical article addresses carry a query string.</summary>
    public static IReadOnlySet<string> QueryAllowedHosts { get; } = new HashSet<string>(StringComparer.Ordinal) { "www.ijo.in", "www.jkns.or.kr", "www.e-jend.org" };

    private static readonly (string HostSuffix, string Why)[] KnownNonCanonical =
    [
        ("weglot.com", "a translation proxy"),
        ("scribd.com", "an uploaded copy"),
        ("researchgate.net", "an author-uploaded copy"),
        ("bohrium.dp.tech", "an aggregator copy"),
        ("readbyqxmd.com", "an aggregator copy"),
        ("liquisearch.com", "a scraped encyclopedia copy"),
        ("wikimili.com", "a Wikipedia mirror"),
        ("wikipedia.org", "an encyclopedia, not a source"),
        ("wilddata.cn", "a PubMed mirror"),
        ("sciencegate.app", "an aggregator copy"),
        ("zendy.io", "an aggregator copy"),
        ("scilit.com", "an aggregator copy"),
        ("oadoi.org", "a DOI resolver proxy (use https://doi.org/...)"),
        ("plu.mx", "a metrics page"),
        ("openaire.eu", "an aggregator record"),
        ("ouci.dntb.gov.ua", "a citation index copy"),
        ("europepmc.org", "a second index of PubMed/PMC records (cite the PubMed, PMC or DOI record instead)"),
        ("semanticscholar.org", "an aggregator record"),
        ("web.archive.org", "an archived copy"),
        ("archive.org", "an archived copy"),
        ("googleusercontent.com", "a cached copy"),
        ("ncbi.nlm.nih.gov", "a legacy NCBI address (use https://pubmed.ncbi.nlm.nih.gov/<pmid>/ or https://pmc.ncbi.nlm.nih.gov/articles/PMC.../)"),
        ("pubmed.gov", "a PubMed short address (use https://pubmed.ncbi.nlm.nih.gov/<pmid>/)"),
    ];

    /// <summary>Returns null when <paramref name="url"/> is canonical, otherwise why it is not.</summary>
    public static string? Check(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "is not an absolute URL";
        }

        var host = url.Host.ToLowerInvariant();
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return $"points to a bare IP address ({host}), which is a mirror, not the publisher";
        }

        if (!AllowedHosts.Contains(host))
        {
            foreach (var (suffix, why) in KnownNonCanonical)
            {
                if (string.Equals(host, suffix, StringComparison.Ordinal) || host.EndsWith("." + suffix, StringComparison.Ordinal))
                {
                    return $"is {why}; cite the canonical record (PubMed, doi.org, the publisher's or the health body's page)";
                }
            }

            return $"host '{host}' is not on the allow-list of canonical hosts (Bot.Knowledge.Validation.CanonicalUrls); cite PubMed, doi.org, the publisher's or the health body's page";
        }

        if (!string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
        {
            return "must use https";
        }

        if (url.Fragment.Length > 0)
        {
            return "must not carry a fragment (#...)";
        }

        if (url.Query.Length > 0 && !QueryAllowedHosts.Contains(host))
        {
            return $"must not carry a query string ({url.Query}); tracking and session parameters are not part of the canonical address";
        }

        if (string.Equals(host, "pubmed.ncbi.nlm.nih.gov", StringComparison.Ordinal)
            && !System.Text.RegularExpressions.Regex.IsMatch(url.AbsolutePath, "^/[1-9][0-9]*/$", System.Text.RegularExpressions.RegexOptions.CultureInvariant))
        {
            return "a PubMed link must be https://pubmed.ncbi.nlm.nih.gov/<pmid>/";
        }

        if (string.Equals(host, "doi.org", StringComparison.Ordinal) && !url.AbsolutePath.StartsWith("/10.", StringComparison.Ordinal))
        {
            return "a DOI link must be https://doi.org/10.<prefix>/<suffix>";
        }

        return null;
    }
}
