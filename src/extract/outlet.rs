//! Readable publisher names from URL hosts.
//!
//! Convention: the short English name the outlet is known by internationally
//! (`RFI`, `VOA`, `DW`, `BBC`, `NYT`, `RFA`, `Reuters`, `FT`,
//! `China Digital Times`, `The Epoch Times`, `NTD`, `Minghui`, …); for a host
//! not in the table, the bare host name without `www.`.

use chrono_tz::Tz;

/// Known hosts (matched on the host itself or any subdomain of it).
const OUTLETS: &[(&str, &str)] = &[
    ("rfi.fr", "RFI"),
    ("rfi.my", "RFI"),
    ("voachinese.com", "VOA"),
    ("voacantonese.com", "VOA"),
    ("voanews.com", "VOA"),
    ("dw.com", "DW"),
    ("dw.de", "DW"),
    ("bbc.com", "BBC"),
    ("bbc.co.uk", "BBC"),
    ("bbci.co.uk", "BBC"),
    ("nytimes.com", "NYT"),
    ("nytimes.cn", "NYT"),
    ("nytcn.me", "NYT"),
    ("rfa.org", "RFA"),
    ("reuters.com", "Reuters"),
    ("ft.com", "FT"),
    ("ftchinese.com", "FT"),
    ("chinadigitaltimes.net", "China Digital Times"),
    ("epochtimes.com", "The Epoch Times"),
    ("epochtimes.com.tw", "The Epoch Times"),
    ("theepochtimes.com", "The Epoch Times"),
    ("dajiyuan.com", "The Epoch Times"),
    ("epochweekly.com", "The Epoch Times"),
    ("ntdtv.com", "NTD"),
    ("ntdtv.com.tw", "NTD"),
    ("minghui.org", "Minghui"),
    ("soundofhope.org", "Sound of Hope"),
    ("youtube.com", "YouTube"),
    ("youtu.be", "YouTube"),
    ("rti.org.tw", "RTI"),
    ("cna.com.tw", "CNA"),
    ("zaobao.com", "Lianhe Zaobao"),
    ("zaobao.com.sg", "Lianhe Zaobao"),
    ("economist.com", "The Economist"),
    ("chinafile.com", "ChinaFile"),
    ("iyouport.org", "iYouPort"),
    ("pao-pao.net", "Pao Pao"),
    ("theinitium.com", "Initium Media"),
    ("scmp.com", "SCMP"),
    ("washingtonpost.com", "The Washington Post"),
    ("wsj.com", "WSJ"),
    ("cn.wsj.com", "WSJ"),
    ("theguardian.com", "The Guardian"),
    ("apnews.com", "AP"),
    ("bloomberg.com", "Bloomberg"),
    ("cnn.com", "CNN"),
    ("aboluowang.com", "Aboluo"),
    ("secretchina.com", "SecretChina"),
    ("storm.mg", "Storm Media"),
    ("udn.com", "UDN"),
    ("ltn.com.tw", "Liberty Times"),
    ("mingpao.com", "Ming Pao"),
    ("hk01.com", "HK01"),
    ("twitter.com", "Twitter"),
    ("x.com", "Twitter"),
    ("facebook.com", "Facebook"),
];

/// The host of a URL, lower-cased, without scheme, user info, port or `www.`.
/// Accepts scheme-relative (`//host/…`) and scheme-less (`host/…`) URLs.
pub fn host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url.strip_prefix("//").unwrap_or(url),
    };
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => authority,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").map(str::to_string).unwrap_or(host);
    let valid =
        !host.is_empty() && host.contains('.') && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    valid.then_some(host)
}

/// The publisher's readable name for a URL (see the module doc for the
/// convention), or `None` when the URL has no host.
///
/// ```
/// use jianbao::extract::outlet::from_url;
/// assert_eq!(from_url("https://www.rfi.fr/cn/美国/20240322-x").as_deref(), Some("RFI"));
/// assert_eq!(from_url("https://cn.nytimes.com/world/20200623/").as_deref(), Some("NYT"));
/// assert_eq!(from_url("https://www.example.org/a").as_deref(), Some("example.org"));
/// ```
pub fn from_url(url: &str) -> Option<String> {
    let host = host(url)?;
    Some(from_host(&host).map_or(host, str::to_string))
}

/// The readable name for a bare host (already without `www.`), when known.
pub fn from_host(host: &str) -> Option<&'static str> {
    let host = host.trim_start_matches("www.");
    OUTLETS.iter().find_map(|(domain, name)| {
        let matches = host == *domain
            || (host.len() > domain.len()
                && host.ends_with(domain)
                && host.as_bytes()[host.len() - domain.len() - 1] == b'.');
        matches.then_some(*name)
    })
}

/// The zone an outlet states its wall-clock times in, where its dumps give
/// times without a zone: RFI → Europe/Paris, NYT Chinese → Asia/Shanghai,
/// Reuters → UTC. `None` means "unknown": such times are kept date-only.
pub fn timezone(outlet: &str) -> Option<Tz> {
    match outlet {
        "RFI" => Some(chrono_tz::Europe::Paris),
        "NYT" => Some(chrono_tz::Asia::Shanghai),
        "Reuters" => Some(chrono_tz::UTC),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_hosts() {
        let cases = [
            ("http://www.rfi.fr//cn/%E4%B8%AD%E5%9B%BD/20200718-x", "RFI"),
            ("https://www.voachinese.com/a/x.html", "VOA"),
            ("https://www.dw.com/zh/x/a-54219045", "DW"),
            ("http://www.bbc.com/zhongwen/simp/world-53442535", "BBC"),
            ("https://www.bbc.co.uk/zhongwen/trad/x", "BBC"),
            ("https://cn.nytimes.com/opinion/20200717/x/", "NYT"),
            ("https://www.rfa.org/mandarin/x.html", "RFA"),
            ("https://cn.reuters.com/article/x", "Reuters"),
            ("https://cn.ft.com/story/001088570?full=y", "FT"),
            ("https://chinadigitaltimes.net/chinese/2020/06/x/", "China Digital Times"),
            ("https://www.epochtimes.com/gb/22/1/21/n13520753.htm", "The Epoch Times"),
            ("https://www.ntdtv.com/gb/2020/06/26/a102881511.html", "NTD"),
            ("http://big5.minghui.org/mh/articles/2020/x.html", "Minghui"),
            ("https://www.youtube.com/watch?v=2wmfGgGeURA", "YouTube"),
            ("https://www.rti.org.tw/news/view/id/2073012", "RTI"),
            ("https://www.cna.com.tw/news/aipl/202010060052.aspx", "CNA"),
            ("https://www.zaobao.com/realtime/china/story20210116-1116825", "Lianhe Zaobao"),
            ("https://www.economist.com/asia/2020/10/17/x", "The Economist"),
            ("https://nei.st/travel/new-travel", "nei.st"),
            ("HTTPS://User@WWW.Example.COM:8080/path", "example.com"),
            ("//www.reuters.com/companies/VOD.L", "Reuters"),
        ];
        for (url, want) in cases {
            assert_eq!(from_url(url).as_deref(), Some(want), "{url}");
        }
    }

    #[test]
    fn not_a_suffix_match_inside_a_label() {
        assert_eq!(from_url("https://notbbc.com/x").as_deref(), Some("notbbc.com"));
        assert_eq!(from_url("https://mydw.com/x").as_deref(), Some("mydw.com"));
    }

    #[test]
    fn no_host() {
        assert_eq!(from_url(""), None);
        assert_eq!(from_url("/a/5377271.html"), None);
        assert_eq!(from_url("javascript:alert(1)"), None);
        assert_eq!(from_url("https://"), None);
    }

    #[test]
    fn zones() {
        assert_eq!(timezone("RFI"), Some(chrono_tz::Europe::Paris));
        assert_eq!(timezone("NYT"), Some(chrono_tz::Asia::Shanghai));
        assert_eq!(timezone("Reuters"), Some(chrono_tz::UTC));
        assert_eq!(timezone("BBC"), None);
    }
}
