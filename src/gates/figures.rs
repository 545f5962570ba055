//! The figures gates look at, taken from a report (a single, a group or a trend's
//! wave) as the report shows them, and renamed when a baseline is an earlier version.

use crate::report::Report;

/// The perception gap between the questionnaire's two compared roles: first minus
/// second, overall and per dimension.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GapFigures {
    pub overall: Option<f64>,
    /// (dimension id, gap)
    pub dimensions: Vec<(String, Option<f64>)>,
}

impl GapFigures {
    /// The gap overall or in a dimension.
    pub(super) fn of(&self, of: &str) -> Option<f64> {
        pick(self.overall, &self.dimensions, of)
    }
}

/// The figures gates look at, as the report shows them (rounded to one decimal).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub overall: Option<f64>,
    /// (dimension id, score)
    pub dimensions: Vec<(String, Option<f64>)>,
    /// (cause id, severity)
    pub causes: Vec<(String, Option<f64>)>,
    /// Answers files scored.
    pub respondents: usize,
    /// (role id, answers files), `unspecified` for files naming no role.
    pub roles: Vec<(String, usize)>,
    /// `None` when the questionnaire compares no two roles or one of them is absent.
    pub gap: Option<GapFigures>,
    /// The latest date in the answers (YYYY-MM-DD).
    pub newest: Option<String>,
}

fn pick(overall: Option<f64>, dims: &[(String, Option<f64>)], of: &str) -> Option<f64> {
    if of == "overall" {
        overall
    } else {
        dims.iter().find(|(id, _)| id == of).and_then(|(_, v)| *v)
    }
}

/// The compared roles' gap in a group report.
pub fn group_gap(r: &crate::report::GroupReport) -> Option<GapFigures> {
    let (a, b) = r.compared.as_ref()?;
    let overall_of = |id: &str| {
        r.roles
            .iter()
            .find(|s| s.id.as_str() == id)
            .and_then(|s| s.overall)
    };
    let overall = match (overall_of(&a.id), overall_of(&b.id)) {
        (Some(x), Some(y)) => Some(crate::report::r1(x - y)),
        _ => None,
    };
    let dimensions = r
        .dimensions
        .iter()
        .map(|d| {
            let g = r
                .perception_gap
                .iter()
                .find(|g| g.dimension == d.id)
                .map(|g| g.gap);
            (d.id.clone(), g)
        })
        .collect();
    Some(GapFigures {
        overall,
        dimensions,
    })
}

impl Figures {
    /// The figures of a report, from the full (not `--top`-limited) report. A trend's
    /// figures are its latest wave's.
    pub fn of(report: &Report) -> Figures {
        match report {
            Report::Single(r) => Figures {
                overall: r.overall,
                dimensions: r
                    .dimensions
                    .iter()
                    .map(|d| (d.id.to_string(), d.score))
                    .collect(),
                causes: r
                    .causes
                    .iter()
                    .map(|c| (c.id.to_string(), Some(c.severity)))
                    .collect(),
                respondents: 1,
                roles: vec![(
                    r.respondent
                        .role
                        .clone()
                        .unwrap_or_else(|| "unspecified".into()),
                    1,
                )],
                gap: None,
                newest: r.respondent.date.clone(),
            },
            Report::Group(r) => Figures::of_group(r),
            Report::Trend(r) => match r.waves.len() {
                0 => Figures::default(),
                n => Figures::of_wave(r, n - 1),
            },
        }
    }

    /// The figures of wave `i` of a trend, its dimensions as the trend names them (the
    /// newest version's).
    pub fn of_wave(r: &crate::report::TrendReport, i: usize) -> Figures {
        let w = &r.waves[i];
        Figures {
            overall: w.overall,
            dimensions: r
                .dimensions
                .iter()
                .map(|d| (d.id.clone(), d.scores[i]))
                .collect(),
            causes: r
                .causes
                .iter()
                .map(|c| (c.id.clone(), c.severities[i]))
                .collect(),
            respondents: w.respondents,
            roles: w
                .roles
                .iter()
                .map(|x| (x.id.clone(), x.respondents))
                .collect(),
            gap: r.gap.as_ref().map(|g| GapFigures {
                overall: g.waves[i].gap,
                dimensions: g
                    .dimensions
                    .iter()
                    .map(|d| (d.id.clone(), d.gaps[i]))
                    .collect(),
            }),
            newest: w.date.clone(),
        }
    }

    pub fn of_group(r: &crate::report::GroupReport) -> Figures {
        Figures {
            overall: r.overall,
            dimensions: r
                .dimensions
                .iter()
                .map(|d| (d.id.clone(), d.score))
                .collect(),
            causes: r
                .causes
                .iter()
                .map(|c| (c.id.clone(), Some(c.severity)))
                .collect(),
            respondents: r.respondents,
            roles: r
                .roles
                .iter()
                .map(|s| (s.id.as_str().to_string(), s.respondents))
                .collect(),
            gap: group_gap(r),
            newest: r.people.iter().filter_map(|p| p.date.clone()).max(),
        }
    }

    /// Renames dimensions by `map` (an earlier version's id to this version's), leaving
    /// out those it does not map, so a baseline of an earlier version compares.
    pub fn mapped(mut self, map: &dyn Fn(&str) -> Option<String>) -> Figures {
        let rename = |dims: Vec<(String, Option<f64>)>| {
            dims.into_iter()
                .filter_map(|(id, v)| map(&id).map(|to| (to, v)))
                .collect()
        };
        self.dimensions = rename(self.dimensions);
        if let Some(g) = self.gap.as_mut() {
            g.dimensions = rename(std::mem::take(&mut g.dimensions));
        }
        self
    }

    /// The score overall or of a dimension.
    pub(super) fn score(&self, of: &str) -> Option<f64> {
        pick(self.overall, &self.dimensions, of)
    }

    /// The respondents in a role, or in all.
    pub(super) fn count(&self, role: Option<&str>) -> usize {
        match role {
            None => self.respondents,
            Some(id) => self
                .roles
                .iter()
                .find(|(r, _)| r == id)
                .map_or(0, |(_, n)| *n),
        }
    }
}
