-- The calendar service owns versions 4001-4999.
-- Holiday notices published while running (gongwen calendar publish, Calendar/PublishNotice):
-- one row per region and year; a later publication of the same year replaces it.
CREATE TABLE calendar_notices (
    region       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    data         TEXT NOT NULL,      -- the year as JSON (gongwen_calendar::YearData)
    published_by TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (region, year)
);
