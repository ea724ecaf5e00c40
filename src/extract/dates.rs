//! Date lines in every outlet's style, converted to UTC (or kept date-only).
