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
    public sealed class AccountStore
    {
        public AccountStore() {}
        public AccountStore(StationDatabase db) {}
        public System.Collections.Generic.IReadOnlyList<Account> List() => null;
        public void Disable(string id) {}
        public Account Verify(string id, string password) => null;
        public Account Find(string id) => null;
        public void Add(string id, string displayName, string role, string password) { }
    }
}
namespace Bioreactor.Station.Archive
{
    public sealed class StationDatabase { public static StationDatabase Open(string a, string b) => new(); }
    public static class AccountStoreShimExtensions
    {
    }
}
