package io.meshportal.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * RFC 4180 CSV, comma-separated, that no spreadsheet turns into a formula in any locale.
 *
 * <p>A spreadsheet whose list separator is {@code ;} (German, French, Polish, Portuguese…) opening this file splits
 * every line at each {@code ;}, and honours a quote only where one of its own fields begins: a cell {@code x;=1+1}
 * in the middle of a line becomes a formula {@code =1+1} there even when quoted. So a text cell is neutralised at
 * every place where a field can begin for a reader splitting at {@code ,}, {@code ;} or tab: at its start and after
 * each {@code ;}, tab, CR and LF inside it. Where the next character there (after any spaces and quotes, which a
 * reader may trim or take as a text delimiter) is {@code = + - @}, tab or CR, an apostrophe is put in front (OWASP,
 * "CSV injection"), so the field is text in every reader. Cells containing {@code , ; " } tab, CR or LF are quoted.
 * Numbers are written as numbers.
 */
public final class Csv {

    /** What makes a spreadsheet read a field as a formula (tab and CR: some strip them first). */
    private static final String FORMULA_START = "=+-@\t\r";
    /** After these, inside a cell, a field begins for some reader (the comma is only one inside quotes). */
    private static final String FIELD_BREAK = ";\t\r\n";
    /** Skipped by some readers at the start of a field (trimmed, or taken as the text delimiter). */
    private static final String SKIPPED = " \"";
    /** A cell with any of these is quoted: {@code ;} so that a reader splitting at it keeps a first cell whole. */
    private static final String QUOTED = ",;\"\t\r\n";

    private final Writer out;

    public Csv(Writer out) {
        this.out = out;
    }

    /** Numbers are written as numbers; anything else as text. */
    public void row(Object... cells) {
        try {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cells[i] instanceof Number n ? number(n.doubleValue()) : cell((String) cells[i]));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number as written: plain decimal, at most three places, never an exponent. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return new java.math.BigDecimal(v)
                .setScale(3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** A text cell as written: neutralised where a field could begin, then quoted if it needs to be. */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            if ((i == 0 || FIELD_BREAK.indexOf(value.charAt(i - 1)) >= 0) && formulaAt(value, i)) {
                text.append('\'');
            }
            text.append(value.charAt(i));
        }
        String written = text.toString();
        for (int i = 0; i < written.length(); i++) {
            if (QUOTED.indexOf(written.charAt(i)) >= 0) {
                return "\"" + written.replace("\"", "\"\"") + "\"";
            }
        }
        return written;
    }

    /** Whether a field beginning at {@code start} would start a formula, past spaces and quotes. */
    private static boolean formulaAt(String value, int start) {
        int i = start;
        while (i < value.length() && SKIPPED.indexOf(value.charAt(i)) >= 0) {
            i++;
        }
        return i < value.length() && FORMULA_START.indexOf(value.charAt(i)) >= 0;
    }
}
