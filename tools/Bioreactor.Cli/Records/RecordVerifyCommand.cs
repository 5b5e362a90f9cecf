using System.CommandLine;
using System.Globalization;
using System.IO;
using Bioreactor.Control.Records;

namespace Bioreactor.Cli.Records;

/// <summary>
/// <c>record verify &lt;file&gt;</c>: the record's MAC chain checked with the device key. Prints the result, the entry
/// counts and the first broken entry; exit code 0 intact, 1 not intact, 2 usage or I/O error.
/// </summary>
internal static class RecordVerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("verify", "Check a record's integrity chain with the device key; exit code 0 pass, 1 fail, 2 usage or I/O error.");
        Argument<string> file = RecordCommand.FileArgument();
        command.Arguments.Add(file);
        RecordKeyOptions keys = RecordKeyOptions.AddTo(command, file);
        var announced = new Option<long>("--announced-last-sequence")
        {
            Description = "The last sequence number the device announced as durable: entries missing before it are reported as truncation",
            DefaultValueFactory = _ => -1,
            HelpName = "sequence",
        };
        command.Options.Add(announced);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            BatchRecord record = BatchRecord.Load(parse.GetValue(file));
            RecordKey key = keys.Resolve(parse, record.Header?.DeviceId);
            RecordCheck check = RecordCheck.Run(record, key, parse.GetValue(announced));
            Print(console.Output, record, check);
            return check.Passed ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    /// <summary>Writes the verification result as <c>record verify</c> prints it (also used by <c>record pull</c>).</summary>
    internal static void Print(TextWriter o, BatchRecord record, RecordCheck check)
    {
        var c = CultureInfo.InvariantCulture;
        RecordVerification r = check.Result;
        o.WriteLine("record:   " + record.Path);
        if (record.Header != null)
        {
            o.WriteLine(string.Create(c, $"batch:    {record.Header.BatchId} on device {record.Header.DeviceId}, firmware {record.Header.FirmwareVersion}, key id '{record.Header.KeyId}'"));
        }

        o.WriteLine("key:      " + check.KeySource);
        o.WriteLine("result:   " + check.Summary);
        o.WriteLine(string.Create(c, $"entries:  {r.VerifiedEntries} verified of {record.Entries.Count} in the file (last verified sequence {r.LastSequence}, {r.VerifiedLength} of {record.Bytes.Length} bytes)"));
        if (r.ExplainedLostEntries > 0)
        {
            o.WriteLine(string.Create(c, $"lost:     {r.ExplainedLostEntries} entries declared lost by StorageLoss entries"));
        }

        var counts = new System.Text.StringBuilder();
        for (int type = 0; type < RecordFormat.EntryTypeCount; type++)
        {
            long n = r.CountOf((RecordEntryType)type);
            if (n > 0)
            {
                counts.Append(counts.Length > 0 ? ", " : string.Empty).Append(RecordFormat.TypeName((RecordEntryType)type)).Append(' ').Append(n.ToString(c));
            }
        }

        o.WriteLine("verified: " + (counts.Length > 0 ? counts.ToString() : "none"));
        o.WriteLine("closed:   " + (r.IsClosed ? "yes (the batch ended)" : "no (the batch was still open)"));
        if (!check.Passed)
        {
            o.WriteLine("first broken entry: " + check.BrokenEntryText);
        }

        PrintSignatures(o, record, r);
    }

    // Each operator action with who signed it, as what, and when (21 CFR 11.50); entries past the verified part are marked.
    private static void PrintSignatures(TextWriter o, BatchRecord record, RecordVerification r)
    {
        o.WriteLine("signatures: " + HtmlReport.SignatureSummary(record));
        foreach (Recorded<OperatorActionEntry> recorded in record.OperatorActions)
        {
            OperatorActionEntry a = recorded.Value;
            string outcome = RecordNames.Outcome(a.Outcome);
            if (a.Outcome != OperatorActionOutcome.Done)
            {
                string result = RecordNames.ResultCode(a.ResultCode);
                outcome += (result.Length > 0 ? ": " + result : string.Empty) + (string.IsNullOrEmpty(a.Target) ? string.Empty : " [" + a.Target + "]");
            }

            string signature = a.Meaning == 0
                ? "unsigned"
                : "signed by " + (a.SignerName.Length > 0 ? a.SignerName : "(no printed name)") + ", meaning " + RecordNames.Meaning(a.Meaning) + ", signed at " + RecordNames.SignedAt(a) + " (signer's clock)";
            bool verified = recorded.Entry.Position + recorded.Entry.Length <= r.VerifiedLength;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  sequence {recorded.Entry.Sequence} at {RecordNames.Utc(recorded.Entry.UtcUnixMilliseconds)}: {a.Action} by {a.OperatorId} ({RecordNames.OperatorRole(a.Role)}), {outcome}; {signature}{(verified ? string.Empty : " [not verified]")}"));
        }
    }
}
