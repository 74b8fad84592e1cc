package io.meshportal.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CSV writer: RFC 4180, numbers as numbers, and no field that any reader — splitting at {@code ,}, at {@code ;}
 * or at tab — could take as a formula. The last is checked here by splitting the written line as such a reader
 * does; LibreOfficeCsvTest opens the real exports in a real spreadsheet.
 */
class CsvTest {

    static String line(Object... cells) {
        StringWriter out = new StringWriter();
        Csv csv = new Csv(out);
        csv.row(cells);
        csv.flush();
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void everyLeadingFormulaCharacterIsNeutralised(String first) {
        String cell = Csv.cell(first + "1+1");
        assertThat(cell).doesNotStartWith(first);
        assertThat(unquote(cell)).isEqualTo("'" + first + "1+1");
    }

    @Test
    void plainTextAndEmptyCellsAreLeftAlone() {
        assertThat(Csv.cell("berlin-1")).isEqualTo("berlin-1");
        assertThat(Csv.cell("2026-11-26T10:00:00Z")).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(Csv.cell("")).isEmpty();
        assertThat(Csv.cell(null)).isEmpty();
        assertThat(Csv.cell("a=b")).isEqualTo("a=b");
        assertThat(Csv.cell("x-1")).isEqualTo("x-1");
        assertThat(Csv.cell("it's")).isEqualTo("it's");
    }

    @Test
    void aCellWithAListSeparatorIsQuoted() {
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("a;b")).isEqualTo("\"a;b\"");
        assertThat(Csv.cell("a\tb")).isEqualTo("\"a\tb\"");
    }

    @Test
    void quotesAreDoubledAndNewlinesQuoted() {
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.cell("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    }

    @Test
    void aFormulaAfterASemicolonTabOrLineBreakInsideACellIsNeutralised() {
        // a ;-reader splits here even inside our quotes (its quotes begin only where its own fields do)
        assertThat(Csv.cell("x;=1+1")).isEqualTo("\"x;'=1+1\"");
        assertThat(Csv.cell("x;=1+1;")).isEqualTo("\"x;'=1+1;\"");
        assertThat(Csv.cell("x;+1;-2;@SUM(A1)")).isEqualTo("\"x;'+1;'-2;'@SUM(A1)\"");
        assertThat(Csv.cell("x\t=1+1")).isEqualTo("\"x\t'=1+1\"");
        assertThat(Csv.cell("x\n=1+1")).isEqualTo("\"x\n'=1+1\"");
        assertThat(Csv.cell("x\r\n@A1")).isEqualTo("\"x\r\n'@A1\"");
        // past spaces (a reader may trim them) and quotes (a reader may take one as its text delimiter)
        assertThat(Csv.cell("x; =1+1")).isEqualTo("\"x;' =1+1\"");
        assertThat(Csv.cell("x;\"=1+1\"")).isEqualTo("\"x;'\"\"=1+1\"\"\"");
        assertThat(Csv.cell(" =1+1")).isEqualTo("' =1+1");
        assertThat(Csv.cell("\"=1+1\"")).isEqualTo("\"'\"\"=1+1\"\"\"");
        // a comma only splits outside quotes, and the cell is quoted: nothing to neutralise after it
        assertThat(Csv.cell("a,-b")).isEqualTo("\"a,-b\"");
    }

    @Test
    void numbersAreNumbersNegativeOnesToo() {
        assertThat(line(-2, -2.5, 0.1234, 42L, 1e20, Double.NaN, 3.0))
                .isEqualTo("-2,-2.5,0.123,42,100000000000000000000,,3\r\n");
        // the same text as a text cell is neutralised: only a number is written as one
        assertThat(line("-2", -2)).isEqualTo("'-2,-2\r\n");
    }

    @Test
    void aRowIsCommaSeparatedAndEndsInCrLf() {
        assertThat(line("a", "b,c", 1, "=x")).isEqualTo("a,\"b,c\",1,'=x\r\n");
    }

    /** Hostile texts and the fields a reader splitting at each separator makes of a row that holds them. */
    @Test
    void noReaderSplittingAtCommaSemicolonOrTabFindsAFieldStartingAFormula() {
        List<String> hostile = List.of(
                "x;=1+1",
                "x;=1+1;",
                "=HYPERLINK(\"http://evil.example\";\"click\")",
                "-2+3",
                "+2",
                "@SUM(A1)",
                "a,b",
                "a;b; =cmd|' /C calc'!A0",
                "line\n=1+1\r\n+2",
                "tab\t=1+1",
                "x;\"=1+1\";y",
                "\"=1+1\"",
                "; \" =2",
                "plain");
        for (String first : hostile) {
            List<Object> cells = new ArrayList<>();
            cells.add(first);
            cells.add(-3);
            cells.addAll(hostile);
            cells.add(7.5);
            String written = line(cells.toArray());
            for (char separator : new char[] {',', ';', '\t'}) {
                for (String field : fields(written, separator)) {
                    String start = field.stripLeading();
                    if (start.startsWith("\"")) {
                        start = start.substring(1).stripLeading();
                    }
                    assertThat(start)
                            .as("a field of %s split at %s", written, separator == '\t' ? "tab" : separator)
                            .doesNotStartWith("=")
                            .doesNotStartWith("+")
                            .doesNotStartWith("@");
                    if (start.startsWith("-")) {
                        assertThat(start).as("only a number may start with -").matches("-[0-9.]+");
                    }
                }
            }
        }
    }

    /**
     * The raw fields a spreadsheet reader makes of CSV text when it splits at {@code separator}: a quote is a text
     * delimiter only at the start of a field (as in LibreOffice and Excel); lines break outside quotes.
     */
    static List<String> fields(String text, char separator) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            StringBuilder field = new StringBuilder();
            if (text.charAt(i) == '"') {
                field.append('"');
                i++;
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        field.append(c);
                        i++;
                    }
                }
            }
            while (i < text.length()
                    && text.charAt(i) != separator
                    && text.charAt(i) != '\r'
                    && text.charAt(i) != '\n') {
                field.append(text.charAt(i++));
            }
            fields.add(field.toString());
            if (i < text.length()) {
                i++; // the separator or line break
            }
        }
        return fields;
    }

    static String unquote(String cell) {
        return cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
    }
}
