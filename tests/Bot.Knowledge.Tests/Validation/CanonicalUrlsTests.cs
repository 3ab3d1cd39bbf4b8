using Bot.Knowledge.Validation;

namespace Bot.Knowledge.Tests.Validation;

public sealed class CanonicalUrlsTests
{
    [Theory]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/22168965/")]
    [InlineData("https://pmc.ncbi.nlm.nih.gov/articles/PMC4227371/")]
    [InlineData("https://doi.org/10.1002/14651858.CD004899.pub3")]
    [InlineData("https://www.ninds.nih.gov/disorders/hemifacial_spasm/hemifacial_spasm.htm")]
    [InlineData("https://www.nhs.uk/conditions/")]
    [InlineData("https://www.ijo.in/article.asp?issn=0301-4738;year=2019")]
    public void Canonical_records_are_accepted(string url)
    {
        Assert.Null(CanonicalUrls.Check(new Uri(url)));
    }

    [Theory]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/7727103/?dopt=Abstract", "query string")]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/abc/", "must be https://pubmed.ncbi.nlm.nih.gov/<pmid>/")]
    [InlineData("https://doi.org/abc", "10.<prefix>")]
    [InlineData("https://www.pubmed.gov/36097503/", "PubMed short address")]
    [InlineData("https://www.liquisearch.com/hemifacial_spasm/history", "scraped encyclopedia copy")]
    [InlineData("https://www.researchgate.net/publication/51021618", "author-uploaded copy")]
    [InlineData("https://www.mayoclinic.org/x#top", "fragment")]
    public void Mirrors_proxies_and_decorated_links_are_rejected_with_the_reason(string url, string reason)
    {
        Assert.Contains(reason, CanonicalUrls.Check(new Uri(url)), StringComparison.Ordinal);
    }
}
