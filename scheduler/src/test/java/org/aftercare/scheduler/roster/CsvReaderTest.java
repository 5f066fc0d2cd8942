package org.aftercare.scheduler.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvReader.Row> read(String csv) throws Exception {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<CsvReader.Row> rows = new ArrayList<>();
        CsvReader.Row row;
        while ((row = reader.next()) != null) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaksAndRowsKeepTheirStartingLine() throws Exception {
        List<CsvReader.Row> rows = read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).fields()).containsExactly("x, y", "say \"hi\"", "two\nlines");
        assertThat(rows.get(1).line()).isEqualTo(2);
        assertThat(rows.get(2).line())
                .as("the line after the quoted line break")
                .isEqualTo(4);
        assertThat(rows.get(2).fields()).containsExactly("last", "", "");
    }

    @Test
    void aBlankLineIsRecognisedAndAMissingFinalNewlineIsFine() throws Exception {
        List<CsvReader.Row> rows = read("a,b\n\n1,2");

        assertThat(rows.get(1).isBlank()).isTrue();
        assertThat(rows.get(2).fields()).containsExactly("1", "2");
        assertThat(rows.get(2).line()).isEqualTo(3);
    }

    @Test
    void anUnclosedQuoteNamesTheLineItStartsOn() {
        assertThatThrownBy(() -> read("a,b\n1,\"open\n2,3\n"))
                .isInstanceOf(CsvReader.MalformedCsv.class)
                .hasMessageContaining("line 2");
    }
}
