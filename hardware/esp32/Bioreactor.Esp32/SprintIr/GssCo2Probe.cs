using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>A command the CO2 probe must be sent (see <see cref="GssCo2Probe.CommandDue"/>).</summary>
    public enum Co2Command
    {
        /// <summary>Nothing to send now.</summary>
        None = 0,

        /// <summary>"K 2\r\n": polling mode, the probe answers only when asked.</summary>
        SetPollingMode = 1,

        /// <summary>".\r\n": read the multiplier that scales the probe's readings to ppm.</summary>
        ReadMultiplier = 2,

        /// <summary>"Z\r\n": read the latest digitally filtered CO2 value.</summary>
        ReadFiltered = 3,
    }

    /// <summary>Where the probe's start-up handshake stands.</summary>
    public enum Co2ProbeState
    {
        /// <summary>Sending "K 2" until the probe acknowledges polling mode ("K 00002").</summary>
        SettingPollingMode = 0,

        /// <summary>Sending "." until the probe reports its multiplier.</summary>
        ReadingMultiplier = 1,

        /// <summary>Polling "Z" every poll period.</summary>
        Polling = 2,
    }

    /// <summary>
    /// The portable half of a Gas Sensing Solutions NDIR CO2 probe with the GSS UART protocol, here the
    /// SprintIR-WF-20 (0–20 % CO2, flow-through; "SprintIR-W High Speed CO2 Sensor" data sheet, GSS production data
    /// rev. 4.2, June 2020): the allocation-free line parser, the scaling to % v/v, the commands it must be sent and
    /// when. The device glue only moves bytes between COM2 and this class; this class is the <see cref="ISensor"/>
    /// the core reads.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Protocol (GSS data sheets, "UART interface" and "Commands": SprintIR-W rev. 4.2, ExplorIR-M rev. 4.13, CozIR-LP2
    /// rev. 4.1): 9600 baud, 8 data bits, no parity, 1 stop bit, 3.3 V levels. A command is an ASCII letter, optionally
    /// a space and a number, then CR LF. Every answer is one line of fields, each a letter, a space and five decimal
    /// digits, fields separated by a space, the line ended by CR LF, e.g. "Z 00512\r\n" or, streamed, "Z 00512 z 00515\r\n";
    /// some firmware puts a space before the first field. "K 2" selects polling mode (answer "K 00002"; the mode is kept
    /// over a power cycle); "Z" returns the filtered reading; "." returns the multiplier: ppm = value × multiplier
    /// (10 on the 20 % probe, so "Z 05000" is 50 000 ppm = 5.0 %). An unknown command is answered "?".
    /// </para>
    /// <para>
    /// Parser: byte by byte, no allocation. Anything that breaks the grammar (a wrong character, a value not exactly
    /// five digits, a LF without CR, more than <see cref="MaximumFields"/> fields or <see cref="MaximumLineLength"/>
    /// bytes) rejects the line and the parser skips to the next LF: it resynchronises on line ends, so garbage or a
    /// line cut by a reset costs at most that line.
    /// </para>
    /// <code>
    ///             K 00002 received                 ". 000NN" received (NN = 1, 10, 100)
    ///  +--------------------+      +--------------------+      +---------+
    ///  | SettingPollingMode | ---> | ReadingMultiplier  | ---> | Polling | -- "Z" every poll period
    ///  | "K 2" every retry  |      | "." every retry    |      |         |
    ///  +--------------------+      +--------------------+      +---------+
    ///            ^                                                   |
    ///            +------- no accepted line for the silence timeout --+ (reading becomes NoResponse)
    /// </code>
    /// </remarks>
    public sealed class GssCo2Probe : ISensor
    {
        /// <summary>The probe's UART speed (GSS data sheets: 9600 baud, 8N1).</summary>
        public const int BaudRate = 9600;

        /// <summary>Longest line accepted, bytes (four fields of 8 bytes, a leading space and CR LF fit).</summary>
        public const int MaximumLineLength = 40;

        /// <summary>Most fields on one line.</summary>
        public const int MaximumFields = 4;

        /// <summary>Digits of every field value ("#####" in the GSS data sheets).</summary>
        public const int DigitsPerField = 5;

        /// <summary>Longest command written by <see cref="FillCommand"/>, bytes.</summary>
        public const int MaximumCommandLength = 5;

        /// <summary>Wait for an answer to a handshake command before repeating it, ms (GSS: answer within 100 ms).</summary>
        public const long HandshakeRetryMilliseconds = 1000;

        private const byte CarriageReturn = 0x0D;
        private const byte LineFeed = 0x0A;
        private const byte Space = 0x20;

        private const int ParseLineStart = 0;
        private const int ParseAfterLetter = 1;
        private const int ParseDigits = 2;
        private const int ParseAfterField = 3;
        private const int ParseAfterCarriageReturn = 4;
        private const int ParseAfterQuestionMark = 5;
        private const int ParseDiscard = 6;

        private readonly double _fullScalePercent;
        private readonly long _pollPeriodMilliseconds;
        private readonly long _silenceTimeoutMilliseconds;

        private readonly char[] _fieldLetters = new char[MaximumFields];
        private readonly int[] _fieldValues = new int[MaximumFields];

        private int _parseState;
        private int _lineLength;
        private int _fieldCount;
        private int _digitCount;
        private bool _questionMark;

        private Co2ProbeState _state;
        private bool _commandSent;
        private long _lastCommandMilliseconds;
        private long _lastAcceptedMilliseconds;
        private bool _everAccepted;
        private readonly SensorReading _reading = new SensorReading();

        /// <summary>Creates the probe logic in the polling-mode handshake.</summary>
        /// <param name="fullScalePercent">The probe's range, % CO2 (20 for the SprintIR-WF-20); in (0, 100].</param>
        /// <param name="pollPeriodMilliseconds">How often "Z" is sent, ms; in [50, 10 000] (the probe measures at 20 Hz).</param>
        /// <param name="silenceTimeoutMilliseconds">
        /// No accepted line for this long while polling makes the reading NoResponse and restarts the handshake, ms;
        /// greater than two poll periods.
        /// </param>
        public GssCo2Probe(double fullScalePercent, long pollPeriodMilliseconds, long silenceTimeoutMilliseconds)
        {
            if (!Finite.Is(fullScalePercent) || fullScalePercent <= 0.0 || fullScalePercent > 100.0)
            {
                throw new ArgumentOutOfRangeException("fullScalePercent", "fullScalePercent must be in (0, 100] % CO2");
            }

            if (pollPeriodMilliseconds < 50 || pollPeriodMilliseconds > 10000)
            {
                throw new ArgumentOutOfRangeException("pollPeriodMilliseconds", "pollPeriodMilliseconds must be in [50, 10000] ms");
            }

            if (silenceTimeoutMilliseconds <= 2 * pollPeriodMilliseconds)
            {
                throw new ArgumentOutOfRangeException("silenceTimeoutMilliseconds",
                    "silenceTimeoutMilliseconds must be > 2 x pollPeriodMilliseconds");
            }

            _fullScalePercent = fullScalePercent;
            _pollPeriodMilliseconds = pollPeriodMilliseconds;
            _silenceTimeoutMilliseconds = silenceTimeoutMilliseconds;
            _reading.Set(0.0, SensorStatus.NoResponse, 0);
            _state = Co2ProbeState.SettingPollingMode;
            Multiplier = 0;
            Mode = -1;
        }

        /// <summary>Where the handshake stands.</summary>
        public Co2ProbeState State
        {
            get { return _state; }
        }

        /// <summary>The multiplier the probe reported (1, 10 or 100); 0 until known.</summary>
        public int Multiplier { get; private set; }

        /// <summary>The mode the probe last acknowledged (0 command, 1 streaming, 2 polling); −1 until known.</summary>
        public int Mode { get; private set; }

        /// <summary>Raw value of the last "Z" (filtered) field.</summary>
        public int LastFilteredValue { get; private set; }

        /// <summary>Raw value of the last "z" (unfiltered) field, when the probe streams it.</summary>
        public int LastUnfilteredValue { get; private set; }

        /// <summary>Lines accepted since construction.</summary>
        public int AcceptedLineCount { get; private set; }

        /// <summary>Lines rejected as malformed since construction (garbage, truncation, wrong format).</summary>
        public int RejectedLineCount { get; private set; }

        /// <summary>"?" answers (the probe did not recognise a command) since construction.</summary>
        public int UnrecognisedCommandCount { get; private set; }

        /// <summary>Copies the most recent sample into <paramref name="reading"/>: CO2 in % v/v, or why there is none.</summary>
        public void Read(SensorReading reading)
        {
            reading.CopyFrom(_reading);
        }

        /// <summary>Feeds received bytes, in order; <paramref name="nowMilliseconds"/> stamps any reading they complete.</summary>
        public void Receive(byte[] buffer, int offset, int count, long nowMilliseconds)
        {
            for (int i = 0; i < count; i++)
            {
                Feed(buffer[offset + i], nowMilliseconds);
            }
        }

        /// <summary>Feeds one received byte; returns true when it completed an accepted line.</summary>
        public bool Feed(byte value, long nowMilliseconds)
        {
            _lineLength++;
            if (_parseState != ParseDiscard && _lineLength > MaximumLineLength)
            {
                Reject();
            }

            switch (_parseState)
            {
                case ParseLineStart:
                    if (value == Space)
                    {
                        return false;
                    }

                    if (value == (byte)'?' && _fieldCount == 0)
                    {
                        _questionMark = true;
                        _parseState = ParseAfterQuestionMark;
                        return false;
                    }

                    if (IsFieldLetter(value) && _fieldCount < MaximumFields)
                    {
                        _fieldLetters[_fieldCount] = (char)value;
                        _fieldValues[_fieldCount] = 0;
                        _parseState = ParseAfterLetter;
                        return false;
                    }

                    return RejectOrEnd(value);

                case ParseAfterLetter:
                    if (value == Space)
                    {
                        _digitCount = 0;
                        _parseState = ParseDigits;
                        return false;
                    }

                    return RejectOrEnd(value);

                case ParseDigits:
                    if (value >= (byte)'0' && value <= (byte)'9' && _digitCount < DigitsPerField)
                    {
                        _fieldValues[_fieldCount] = _fieldValues[_fieldCount] * 10 + (value - (byte)'0');
                        _digitCount++;
                        if (_digitCount == DigitsPerField)
                        {
                            _fieldCount++;
                            _parseState = ParseAfterField;
                        }

                        return false;
                    }

                    return RejectOrEnd(value);

                case ParseAfterField:
                case ParseAfterQuestionMark:
                    if (value == CarriageReturn)
                    {
                        _parseState = ParseAfterCarriageReturn;
                        return false;
                    }

                    if (value == Space && _parseState == ParseAfterField)
                    {
                        _parseState = ParseLineStart;
                        return false;
                    }

                    return RejectOrEnd(value);

                case ParseAfterCarriageReturn:
                    if (value == LineFeed)
                    {
                        bool accepted = Accept(nowMilliseconds);
                        StartLine();
                        return accepted;
                    }

                    return RejectOrEnd(value);

                default:
                    if (value == LineFeed)
                    {
                        StartLine();
                    }

                    return false;
            }
        }

        /// <summary>
        /// The command to send now, or <see cref="Co2Command.None"/>; call it every tick. Calling it counts the command
        /// as sent at <paramref name="nowMilliseconds"/>, so send what it returns (with <see cref="FillCommand"/>).
        /// </summary>
        public Co2Command CommandDue(long nowMilliseconds)
        {
            if (_state == Co2ProbeState.Polling && _everAccepted
                && nowMilliseconds - _lastAcceptedMilliseconds > _silenceTimeoutMilliseconds)
            {
                _reading.Set(0.0, SensorStatus.NoResponse, nowMilliseconds);
                _state = Co2ProbeState.SettingPollingMode;
                _commandSent = false;
            }

            long interval = _state == Co2ProbeState.Polling ? _pollPeriodMilliseconds : HandshakeRetryMilliseconds;
            if (_commandSent && nowMilliseconds - _lastCommandMilliseconds < interval)
            {
                return Co2Command.None;
            }

            _commandSent = true;
            _lastCommandMilliseconds = nowMilliseconds;
            switch (_state)
            {
                case Co2ProbeState.SettingPollingMode:
                    return Co2Command.SetPollingMode;
                case Co2ProbeState.ReadingMultiplier:
                    return Co2Command.ReadMultiplier;
                default:
                    return Co2Command.ReadFiltered;
            }
        }

        /// <summary>Writes a command's bytes into <paramref name="buffer"/>; returns how many (0 for None).</summary>
        public static int FillCommand(Co2Command command, byte[] buffer, int offset)
        {
            switch (command)
            {
                case Co2Command.SetPollingMode:
                    buffer[offset] = (byte)'K';
                    buffer[offset + 1] = Space;
                    buffer[offset + 2] = (byte)'2';
                    buffer[offset + 3] = CarriageReturn;
                    buffer[offset + 4] = LineFeed;
                    return 5;
                case Co2Command.ReadMultiplier:
                    buffer[offset] = (byte)'.';
                    buffer[offset + 1] = CarriageReturn;
                    buffer[offset + 2] = LineFeed;
                    return 3;
                case Co2Command.ReadFiltered:
                    buffer[offset] = (byte)'Z';
                    buffer[offset + 1] = CarriageReturn;
                    buffer[offset + 2] = LineFeed;
                    return 3;
                default:
                    return 0;
            }
        }

        /// <summary>CO2 in % v/v for a raw field value and multiplier: value × multiplier ppm / 10 000.</summary>
        public static double PercentFromValue(int value, int multiplier)
        {
            return value * (double)multiplier / 10000.0;
        }

        private static bool IsFieldLetter(byte value)
        {
            return (value >= (byte)'A' && value <= (byte)'Z') || (value >= (byte)'a' && value <= (byte)'z') || value == (byte)'.';
        }

        private bool RejectOrEnd(byte value)
        {
            Reject();
            if (value == LineFeed)
            {
                StartLine();
            }

            return false;
        }

        private void Reject()
        {
            RejectedLineCount++;
            _parseState = ParseDiscard;
        }

        private void StartLine()
        {
            _parseState = ParseLineStart;
            _lineLength = 0;
            _fieldCount = 0;
            _digitCount = 0;
            _questionMark = false;
        }

        private bool Accept(long nowMilliseconds)
        {
            if (_questionMark)
            {
                UnrecognisedCommandCount++;
                AcceptedLineCount++;
                _lastAcceptedMilliseconds = nowMilliseconds;
                _everAccepted = true;
                return true;
            }

            if (_fieldCount == 0)
            {
                RejectedLineCount++;
                return false;
            }

            // Validate the whole line before applying any field.
            for (int i = 0; i < _fieldCount; i++)
            {
                if (_fieldLetters[i] == '.' && !IsValidMultiplier(_fieldValues[i]))
                {
                    RejectedLineCount++;
                    return false;
                }
            }

            for (int i = 0; i < _fieldCount; i++)
            {
                int value = _fieldValues[i];
                switch (_fieldLetters[i])
                {
                    case 'Z':
                        LastFilteredValue = value;
                        Publish(value, nowMilliseconds);
                        break;
                    case 'z':
                        LastUnfilteredValue = value;
                        break;
                    case '.':
                        Multiplier = value;
                        if (_state == Co2ProbeState.ReadingMultiplier)
                        {
                            _state = Co2ProbeState.Polling;
                            _commandSent = false;
                        }

                        break;
                    case 'K':
                        Mode = value;
                        if (value == 2 && _state == Co2ProbeState.SettingPollingMode)
                        {
                            _state = Multiplier == 0 ? Co2ProbeState.ReadingMultiplier : Co2ProbeState.Polling;
                            _commandSent = false;
                        }

                        break;
                }
            }

            AcceptedLineCount++;
            _lastAcceptedMilliseconds = nowMilliseconds;
            _everAccepted = true;
            return true;
        }

        private void Publish(int value, long nowMilliseconds)
        {
            if (Multiplier == 0)
            {
                // A reading cannot be scaled before the multiplier is known (e.g. the probe still streams at start-up).
                return;
            }

            double percent = PercentFromValue(value, Multiplier);
            SensorStatus status = percent > _fullScalePercent ? SensorStatus.OutOfRange : SensorStatus.Ok;
            _reading.Set(percent, status, nowMilliseconds);
        }

        private static bool IsValidMultiplier(int value)
        {
            return value == 1 || value == 10 || value == 100;
        }
    }
}
