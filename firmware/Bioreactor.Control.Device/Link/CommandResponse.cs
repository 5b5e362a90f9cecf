using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using System;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The answer to the command being run (record thread, docs/mqtt-protocol.md "Responses"): {"id", "command", "ok", …}
    /// with the answer's own members or an {"error": {"code", "message"}}, written into one preallocated buffer and queued on
    /// the session for its response topic with the command's correlation data. Counts what it answered.
    /// </summary>
    internal sealed class CommandResponse
    {
        private readonly LinkSession _session;
        private readonly JsonWriter _writer = new JsonWriter(0); // off the periodic path: no char cache
        private readonly byte[] _buffer;
        private string _commandName;
        private byte[] _correlation;

        public CommandResponse(LinkSession session, int bufferLength)
        {
            _session = session;
            _buffer = new byte[bufferLength];
        }

        /// <summary>The command's id, once it was read and valid (null before: the answer says "id": null).</summary>
        public string Id;

        /// <summary>Where the answer goes: the default response topic until the command names a valid one.</summary>
        public string ReplyTopic;

        /// <summary>Bytes the answer may have before its closing members must be written (the buffer less a margin).</summary>
        public int Room
        {
            get { return _buffer.Length - 256; }
        }

        /// <summary>Commands carried out.</summary>
        public long Accepted { get; private set; }

        /// <summary>Commands refused, each answered with an error.</summary>
        public long Refused { get; private set; }

        /// <summary>The error of the last refused command (None when the last command was accepted).</summary>
        public ProtocolError LastError { get; private set; }

        /// <summary>Starts answering a new command; <paramref name="commandName"/> is null when it is not a command of the table.</summary>
        public void Start(string commandName, string replyTopic, byte[] correlation)
        {
            Id = null;
            _commandName = commandName;
            ReplyTopic = replyTopic;
            _correlation = correlation;
        }

        /// <summary>Begins an accepted answer (counted); the caller writes its members, then <see cref="End"/>.</summary>
        public JsonWriter BeginAccepted()
        {
            Accepted++;
            LastError = ProtocolError.None;
            return Begin(true);
        }

        /// <summary>An accepted operator action: the batch layer's message and event, and the batch state after it.</summary>
        public void Accept(string message, long batchEvent, BatchState state)
        {
            JsonWriter w = BeginAccepted();
            w.Name("message");
            w.String(message);
            w.Name("batchEvent");
            w.Integer(batchEvent);
            w.Name("state");
            w.String(BatchNames.StateName(state));
            End();
        }

        /// <summary>A refusal with its code and message.</summary>
        public void Refuse(ProtocolError error, string message)
        {
            BeginRefusal(error, message);
            EndRefusal();
        }

        /// <summary>Begins a refusal (counted); the caller may add members to the error object, then <see cref="EndRefusal"/>.</summary>
        public JsonWriter BeginRefusal(ProtocolError error, string message)
        {
            Refused++;
            LastError = error;
            JsonWriter w = Begin(false);
            w.Name("error");
            w.BeginObject();
            w.Name("code");
            w.String(ProtocolNames.ErrorCode(error));
            w.Name("message");
            w.String(message);
            return w;
        }

        /// <summary>Closes the error object and queues the refusal.</summary>
        public void EndRefusal()
        {
            _writer.EndObject();
            End();
        }

        /// <summary>Closes the answer and queues it on the session.</summary>
        public void End()
        {
            JsonWriter w = _writer;
            w.EndObject();
            if (w.Overflowed)
            {
                // Only a pathological directory listing could get here; answer with a short error rather than a cut document.
                w.Reset(_buffer, 0, _buffer.Length);
                w.BeginObject();
                w.Name("id");
                w.String(Id);
                w.Name("ok");
                w.Boolean(false);
                w.Name("error");
                w.BeginObject();
                w.Name("code");
                w.String(ProtocolNames.ErrorCode(ProtocolError.StorageError));
                w.Name("message");
                w.String("the response does not fit the device's buffer");
                w.EndObject();
                w.EndObject();
            }

            byte[] body = new byte[w.Length];
            Array.Copy(_buffer, body, body.Length);
            _session.EnqueueResponse(ReplyTopic, body, _correlation);
        }

        private JsonWriter Begin(bool ok)
        {
            JsonWriter w = _writer;
            w.Reset(_buffer, 0, _buffer.Length);
            w.BeginObject();
            w.Name("id");
            w.String(Id);
            w.Name("command");
            w.String(_commandName);
            w.Name("ok");
            w.Boolean(ok);
            return w;
        }
    }
}
