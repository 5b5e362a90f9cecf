using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bioreactor.Cli.Mqtt;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Spectre.Console;

namespace Bioreactor.Cli.Records;

/// <summary>
/// <c>record pull &lt;record&gt; --out &lt;file&gt;</c>: fetches a record from a device over MQTT chunk by chunk
/// (docs/mqtt-protocol.md, "Record retrieval"), writing the raw frames so the file is byte-identical to the device's
/// record, and verifying the MAC chain as the frames arrive. Resumable: an existing output file is continued after its
/// last whole frame (a frame cut short is dropped first). At the end it prints the verification as <c>record verify</c> does.
/// </summary>
/// <remarks>
/// <code>
///   file exists? ──no──▶ fetch fromSequence 0
///        │yes
///        ▼
///   whole frames from the start (header of this record?) ──▶ cut after the last whole frame ──▶ re-verify them
///        ──▶ fetch fromSequence = last + 1, offset = file length ──▶ … next.sequence, next.offset … until end
/// </code>
/// </remarks>
internal static class RecordPullCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("pull", "Fetch a record from a device over MQTT with a progress bar, verifying as it arrives; resumes an interrupted pull.");
        var record = new Argument<string>("record") { Description = "The record's name (its batch id, as 'record list' shows it)" };
        var output = new Option<string>("--out") { Description = "The file to write (default <record>.bxr); an existing partial pull of the same record is continued", HelpName = "file" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Start again from the first entry even when the output file exists" };
        var maxEntries = new Option<int>("--max-entries") { Description = "Entries per chunk (1 to the device's limit, default the device's: 64)", HelpName = "n" };
        var maxChunks = new Option<int>("--max-chunks") { Description = "Stop after this many chunks (continue later with the same command)", HelpName = "n" };
        command.Arguments.Add(record);
        command.Options.Add(output);
        command.Options.Add(overwrite);
        command.Options.Add(maxEntries);
        command.Options.Add(maxChunks);
        RecordKeyOptions keys = RecordKeyOptions.AddTo(command, record);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string name = parse.GetValue(record);
            if (!RecordHeader.IsValidBatchId(name ?? string.Empty))
            {
                throw new CliException($"'{name}' is not a record name (a batch id: 1-32 characters of A-Z a-z 0-9 . _ -)");
            }

            if (parse.GetValue(maxEntries) < 0 || parse.GetValue(maxChunks) < 0)
            {
                throw new CliException("--max-entries and --max-chunks must be positive");
            }

            var pull = new Pull(console, name, parse.GetValue(output) ?? name + ".bxr", parse.GetValue(maxEntries), parse.GetValue(maxChunks));
            pull.Prepare(parse.GetValue(overwrite));
            if (keys.IsGiven(parse))
            {
                // The key is resolved once the header is known (--simulator-key without a device id uses the header's).
                pull.KeyFor = header => keys.Resolve(parse, header?.DeviceId);
            }

            ConnectionSettings settings = connection.Resolve(parse, console);
            using DeviceConnection link = DeviceConnection.Open(settings);
            string device = link.ResolveDevice();
            return pull.Run(link, device);
        }));
        return command;
    }

    /// <summary>One pull: the output file, the verifier and the position in the device's record.</summary>
    private sealed class Pull
    {
        private readonly CliConsole console;
        private readonly string record;
        private readonly string path;
        private readonly int maxEntries;
        private readonly int maxChunks;
        private RecordHeader header;
        private RecordKey key;
        private HostHmacSha256Authenticator authenticator;
        private RecordVerifier verifier;
        private bool findingReported;
        private long position;
        private long nextSequence;
        private long resumedFrom;
        private long deviceLength;
        private bool deviceOpen;
        private long entriesFetched;
        private long skippedBytes;

        public Pull(CliConsole console, string record, string path, int maxEntries, int maxChunks)
        {
            this.console = console;
            this.record = record;
            this.path = path;
            this.maxEntries = maxEntries;
            this.maxChunks = maxChunks;
        }

        /// <summary>Resolves the key from the header; null when no key option was given.</summary>
        public Func<RecordHeader, RecordKey> KeyFor { get; set; }

        /// <summary>Looks at an existing output file: continue after its last whole frame, or refuse a file that is not this record's.</summary>
        public void Prepare(bool overwrite)
        {
            if (overwrite || !File.Exists(path))
            {
                return;
            }

            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                return;
            }

            PartialRecord partial = PartialRecord.Inspect(bytes);
            if (partial.Frames == 0 || partial.Header == null)
            {
                throw new CliException($"{path} exists and does not start with a record header: not a pull to continue (use --overwrite or another --out)");
            }

            if (partial.Header.BatchId != record)
            {
                throw new CliException($"{path} holds record '{partial.Header.BatchId}', not '{record}' (use --overwrite or another --out)");
            }

            if (partial.TrailingBytes > 0)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                stream.SetLength(partial.WholeLength);
                console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: cut {partial.TrailingBytes} bytes of an entry written only in part"));
            }

            header = partial.Header;
            position = partial.WholeLength;
            nextSequence = partial.NextSequence;
            resumedFrom = position;
            console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resuming {path}: {partial.Frames} whole entries ({position} bytes) already there; continuing at sequence {nextSequence}, byte {position}"));
            existing = new byte[position];
            Array.Copy(bytes, existing, position);
        }

        private byte[] existing;

        public int Run(DeviceConnection link, string device)
        {
            try
            {
                if (existing != null)
                {
                    // The frames already pulled are verified again, so the chain is checked from the header on.
                    Verify(existing, 0, existing.Length);
                    existing = null;
                }

                bool finished;
                int chunks;
                using (var file = new FileStream(path, position == 0 ? FileMode.Create : FileMode.Open, FileAccess.Write, FileShare.Read))
                {
                    file.SetLength(position);
                    file.Position = position;
                    if (console.Interactive && console.PromptAnswer == null)
                    {
                        (finished, chunks) = (false, 0);
                        console.Ansi.Progress()
                            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                            .Start(context =>
                            {
                                ProgressTask task = context.AddTask(record, maxValue: 1);
                                (finished, chunks) = Fetch(link, device, file, (done, total) =>
                                {
                                    task.MaxValue = Math.Max(1, total);
                                    task.Value = done;
                                    task.Description = string.Create(CultureInfo.InvariantCulture,
                                        $"{record}: sequence {nextSequence}, {verifier?.Result.VerifiedEntries ?? 0} verified");
                                });
                                task.Value = task.MaxValue;
                            });
                    }
                    else
                    {
                        console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"pulling {record} from {device} into {path} from sequence {nextSequence}, byte {position}"));
                        (finished, chunks) = Fetch(link, device, file, null);
                    }
                }

                return Conclude(finished, chunks);
            }
            catch (RefusedException)
            {
                return ExitCodes.Failure;
            }
            finally
            {
                authenticator?.Dispose();
            }
        }

        private (bool Finished, int Chunks) Fetch(DeviceConnection link, string device, FileStream file, Action<long, long> progress)
        {
            int chunks = 0;
            while (true)
            {
                if (maxChunks > 0 && chunks >= maxChunks)
                {
                    return (false, chunks);
                }

                var fields = new JsonObject { ["record"] = record, ["fromSequence"] = nextSequence };
                if (position > 0)
                {
                    fields["offset"] = position;
                }

                if (maxEntries > 0)
                {
                    fields["maxEntries"] = maxEntries;
                }

                DeviceResponse response = link.Send(device, "record", fields);
                if (!response.Ok)
                {
                    file.Flush();
                    response.ReportRefusal(console);
                    throw new RefusedException();
                }

                JsonElement root = response.Root;
                chunks++;
                deviceLength = DeviceResponse.IntegerOf(root, "length") ?? deviceLength;
                deviceOpen = root.TryGetProperty("open", out JsonElement open) && open.ValueKind == JsonValueKind.True;
                long count = DeviceResponse.IntegerOf(root, "count") ?? 0;
                long start = DeviceResponse.IntegerOf(root, "start") ?? position;
                skippedBytes += DeviceResponse.IntegerOf(root, "skippedBytes") ?? 0;
                if (count > 0 && start != position)
                {
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"warning: the device's chunk starts at byte {start} of its record, the file is at byte {position}: the file will not be byte-identical (a damaged record?)"));
                }

                if (root.TryGetProperty("entries", out JsonElement entries) && entries.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement entry in entries.EnumerateArray())
                    {
                        byte[] frame = Convert.FromBase64String(entry.GetString() ?? string.Empty);
                        file.Write(frame, 0, frame.Length);
                        position += frame.Length;
                        entriesFetched++;
                        Verify(frame, 0, frame.Length);
                    }
                }

                // Whole chunks only: an interruption leaves whole frames, and the next run continues after them.
                file.Flush();
                if (root.TryGetProperty("next", out JsonElement next) && next.ValueKind == JsonValueKind.Object)
                {
                    nextSequence = DeviceResponse.IntegerOf(next, "sequence") ?? nextSequence;
                }

                progress?.Invoke(position, Math.Max(deviceLength, position));
                bool end = root.TryGetProperty("end", out JsonElement e) && e.ValueKind == JsonValueKind.True;
                if (end || count == 0)
                {
                    return (true, chunks);
                }
            }
        }

        private void Verify(byte[] data, int offset, int count)
        {
            if (verifier == null)
            {
                if (KeyFor == null)
                {
                    return;
                }

                header ??= DecodeHeader(data, offset, count);
                key = KeyFor(header);
                authenticator = new HostHmacSha256Authenticator(key.Bytes);
                verifier = new RecordVerifier(authenticator);
            }

            verifier.Push(data, offset, count);
            if (!verifier.Result.IsIntact && !findingReported)
            {
                findingReported = true;
                console.Error.WriteLine($"verification failed while pulling: {verifier.Result.Describe()}; pulling on so the file holds the evidence");
            }
        }

        private static RecordHeader DecodeHeader(byte[] data, int offset, int count)
        {
            int length = RecordFormat.ReadFrameLength(data, offset, count);
            if (length < 0 || length > count)
            {
                return null;
            }

            var frame = new RecordFrame();
            frame.Parse(data, offset, length, 0);
            return frame.Type == RecordEntryType.Header ? RecordHeader.Decode(frame) : null;
        }

        private int Conclude(bool finished, int chunks)
        {
            var c = CultureInfo.InvariantCulture;
            TextWriter o = console.Output;
            string fetched = string.Create(c, $"{entriesFetched} entries ({position - resumedFrom} bytes) in {chunks} chunk(s)");
            if (!finished)
            {
                o.WriteLine(string.Create(c,
                    $"paused after {fetched}: {path} has {position} of the device's {deviceLength} bytes; run the same command again to continue"));
                return verifier == null || verifier.Result.IsIntact ? ExitCodes.Success : ExitCodes.Failure;
            }

            o.WriteLine(string.Create(c, $"pulled {fetched}: {path} has {position} bytes; the device's record has {deviceLength} and is {(deviceOpen ? "open (still being written: pull again later for the rest)" : "closed")}"));
            if (skippedBytes > 0 || (!deviceOpen && position != deviceLength))
            {
                console.Error.WriteLine(string.Create(c,
                    $"warning: the file differs from the device's record ({skippedBytes} damaged bytes skipped by the device); 'record verify' names the break"));
            }

            if (verifier == null)
            {
                o.WriteLine("not verified: give --key-file, --key-hex or --simulator-key to check the record's integrity chain");
                return ExitCodes.Success;
            }

            RecordVerification streamed = verifier.Finish(-1);
            BatchRecord pulled = BatchRecord.Load(path);
            RecordCheck check = RecordCheck.Run(pulled, key, -1);
            RecordVerifyCommand.Print(o, pulled, check);
            return streamed.IsIntact && check.Passed ? ExitCodes.Success : ExitCodes.Failure;
        }
    }

    /// <summary>The device refused a fetch (already reported).</summary>
    private sealed class RefusedException : Exception
    {
    }
}
