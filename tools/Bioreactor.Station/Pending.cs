// Stand-ins for the archive's account store and request client until they land (removed then).
using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
namespace Bioreactor.Station.Mqtt
{
    public sealed class DeviceRequests
    {
        public Task<JsonElement> RequestAsync(string device, string command, JsonObject fields, TimeSpan timeout, CancellationToken cancel) => throw new NotImplementedException();
        public Task<JsonElement> SendSignedAsync(string device, string command, byte[] exactPayload, TimeSpan timeout, CancellationToken cancel) => throw new NotImplementedException();
    }
}
namespace Bioreactor.Station.Archive
{
    public sealed record Account(string Id, string DisplayName, string Role, bool Disabled);
    // Stand-in: keeps the accounts added in memory (no password check beyond equality of a SHA-256), so the demonstration
    // sign-in and the fleet benchmark's browser can sign in until the real store lands.
    public sealed class AccountStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Account Account, byte[] Hash)> accounts = new(StringComparer.Ordinal);
        public AccountStore() {}
        public AccountStore(StationDatabase db) {}
        public System.Collections.Generic.IReadOnlyList<Account> List() => new System.Collections.Generic.List<Account>(System.Linq.Enumerable.Select(accounts.Values, a => a.Account));
        public void Disable(string id) { if (accounts.TryGetValue(id, out var a)) { accounts[id] = (a.Account with { Disabled = true }, a.Hash); } }
        public Account Verify(string id, string password) =>
            id != null && password != null && accounts.TryGetValue(id, out var a) && !a.Account.Disabled
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(a.Hash, Hash(password)) ? a.Account : null;
        public Account Find(string id) => id != null && accounts.TryGetValue(id, out var a) ? a.Account : null;
        public void Add(string id, string displayName, string role, string password) => accounts[id] = (new Account(id, displayName, role, false), Hash(password));
        private static byte[] Hash(string password) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password));
    }
}
namespace Bioreactor.Station.Archive
{
    public sealed class StationDatabase { public static StationDatabase Open(string a, string b) => new(); }
    public static class AccountStoreShimExtensions
    {
    }
}
