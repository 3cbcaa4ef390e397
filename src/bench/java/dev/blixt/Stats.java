package dev.blixt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small statistics and formatting helpers for the benchmark runners. */
final class Stats {
    private Stats() {
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double median(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A Markdown table row. */
    static String row(Object... cells) {
        StringBuilder b = new StringBuilder("|");
        for (Object c : cells) b.append(' ').append(c).append(" |");
        return b.toString();
    }

    /** A Markdown header row and its separator. */
    static String header(String... cells) {
        StringBuilder b = new StringBuilder(row((Object[]) cells)).append('\n').append('|');
        for (int i = 0; i < cells.length; i++) b.append("---|");
        return b.toString();
    }
}
