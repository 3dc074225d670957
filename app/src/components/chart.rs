//! A small SVG line chart for the query preview (and, with a threshold, for the trigger
//! condition), as the Dashboards draw it: points over time, the y axis padded 40 %, the
//! threshold as a red line clamped to the plot.

use leptos::prelude::*;

use crate::api::ChartResult;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 10.0;

/// Screen coordinates of the points (x by bucket position, y by value), and the y maximum.
pub fn layout(values: &[Option<f64>], threshold: Option<f64>) -> (Vec<Option<(f64, f64)>>, f64) {
    let max_value = values.iter().flatten().copied().chain(threshold).fold(0.0_f64, f64::max);
    let y_max = if max_value <= 0.0 { 1.0 } else { max_value * 1.4 };
    let n = values.len().max(2) as f64 - 1.0;
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| v.map(|v| (LEFT + (WIDTH - LEFT - 10.0) * i as f64 / n, y_of(v, y_max))))
        .collect();
    (points, y_max)
}

fn y_of(v: f64, y_max: f64) -> f64 {
    TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v / y_max).clamp(0.0, 1.0))
}

fn time_label(ms: i64) -> String {
    // HH:MM in UTC; the full times are in the accessible table below the chart.
    let minutes = (ms / 60_000).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[component]
pub fn PreviewChart(chart: ChartResult, #[prop(optional)] threshold: Option<f64>) -> impl IntoView {
    let values: Vec<Option<f64>> = chart.points.iter().map(|p| p.value).collect();
    let (points, y_max) = layout(&values, threshold);
    let polyline = points.iter().flatten().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let empty = values.iter().all(|v| v.is_none_or(|v| v == 0.0));
    let label = format!("{} {}: {} buckets, highest {}", chart.title, chart.subtitle, values.len(), values.iter().flatten().copied().fold(0.0_f64, f64::max));
    let ticks: Vec<(f64, String)> = [0, chart.points.len() / 2, chart.points.len().saturating_sub(1)]
        .into_iter()
        .filter_map(|i| Some((points.get(i).copied().flatten().map(|p| p.0).unwrap_or(LEFT + (WIDTH - LEFT - 10.0) * i as f64 / (chart.points.len().max(2) - 1) as f64), time_label(chart.points.get(i)?.key_ms))))
        .collect();
    view! {
        <figure class="chart">
            <figcaption><strong>{chart.title.clone()}</strong>" "<span class="muted">{chart.subtitle.clone()}</span></figcaption>
            {empty.then(|| view! { <p class="muted">"There is no data for the current selections."</p> })}
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label width="100%">
                <line x1=LEFT y1=HEIGHT - BOTTOM x2=WIDTH y2=HEIGHT - BOTTOM class="axis"/>
                <line x1=LEFT y1=TOP x2=LEFT y2=HEIGHT - BOTTOM class="axis"/>
                <text x=LEFT - 6.0 y=TOP + 8.0 text-anchor="end" class="tick">{format!("{y_max:.0}")}</text>
                <text x=LEFT - 6.0 y=HEIGHT - BOTTOM text-anchor="end" class="tick">"0"</text>
                {ticks.into_iter().map(|(x, t)| view! { <text x=x y=HEIGHT - 8.0 text-anchor="middle" class="tick">{t}</text> }).collect_view()}
                <polyline points=polyline class="series"/>
                {points.iter().flatten().map(|(x, y)| view! { <circle cx=*x cy=*y r="3" class="point"/> }).collect_view()}
                {threshold.map(|t| {
                    let y = y_of(t, y_max);
                    view! {
                        <line x1=LEFT y1=y x2=WIDTH y2=y class="threshold"/>
                        <text x=WIDTH - 4.0 y=y - 4.0 text-anchor="end" class="threshold-label">{format!("threshold {t}")}</text>
                    }
                })}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_y_axis_is_padded_and_the_threshold_fits() {
        let (points, y_max) = layout(&[Some(0.0), Some(10.0), None], Some(20.0));
        assert_eq!(y_max, 28.0);
        assert!(points[2].is_none());
        let (x0, y0) = points[0].unwrap();
        assert_eq!((x0, y0), (LEFT, HEIGHT - BOTTOM));
        assert!(points[1].unwrap().1 > TOP);
    }

    #[test]
    fn an_all_zero_series_still_has_a_scale() {
        assert_eq!(layout(&[Some(0.0), Some(0.0)], None).1, 1.0);
    }
}
