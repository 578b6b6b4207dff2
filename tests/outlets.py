"""The news outlets and publishers the course's prose credits, by the names it uses for them.

Each name maps to the ids (or id prefixes) of data/sources.csv it stands for. Shared by
tests/test_provenance.py (a figure credited to a publisher) and tests/test_quotations.py (a
quotation credited to a source), which each add the names only they read (people, statements).
"""

OUTLETS = {
    "Independent": ["seed-independent-2017"],
    "HuffPost": ["seed-huffpost-2017", "huffpost-2021"],
    "UnionNews": ["seed-unionnews-2013"],
    "PoliticsHome": ["seed-politicshome-repost-2017"],
    "BBC": ["bbc-"],
    "Yorkshire Post": ["yorkshirepost-"],
    "LabourList": ["labourlist-"],
    "Left Foot Forward": ["leftfootforward-"],
    "Dear Unite": ["dearunite-"],
    "inews": ["inews-"],
    "Guardian": ["guardian-"],
    "ITV": ["itv-"],
    "Wikipedia": ["wikipedia-"],
    "Morning Star": ["morningstar-"],
    "New Statesman": ["newstatesman-"],
    "USi Live": ["usilive-"],
    "Prole Star": ["prolestar-"],
    "Red Roar": ["redroar-"],
    "Labour Briefing": ["labourbriefing-"],
}
