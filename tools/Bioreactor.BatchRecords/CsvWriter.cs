using System;
using System.IO;
using System.Text;

namespace Bioreactor.BatchRecords;

/// <summary>
/// RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote, CR, LF or leading or
/// trailing spaces, quotes doubled. UTF-8 with a byte order mark so that spreadsheets read non-ASCII text correctly
/// (pandas skips the mark).
/// </summary>
public sealed class CsvWriter : IDisposable
{
    private readonly TextWriter writer;
    private readonly int columns;

    public CsvWriter(string path, params string[] header)
    {
        columns = header.Length;
        writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Row(header);
    }

    /// <summary>Rows written, the header excluded.</summary>
    public int Rows { get; private set; } = -1;

    public void Row(params string[] fields)
    {
        if (fields.Length != columns)
        {
            throw new InvalidOperationException("a CSV row has " + fields.Length + " fields; the header has " + columns);
        }

        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Quote(fields[i]));
        }

        writer.Write("\r\n");
        Rows++;
    }

    public void Dispose() => writer.Dispose();

    /// <summary>A field as RFC 4180 writes it.</summary>
    public static string Quote(string field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return string.Empty;
        }

        bool quote = field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field[0] == ' ' || field[^1] == ' ';
        return quote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
