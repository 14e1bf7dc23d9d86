using ActorTune.Actors.Messages;
using ActorTune.Host.Configuration;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;

namespace ActorTune.Host.Commands;

/// <summary>
/// The commands that act on a running host: <c>submit</c>, <c>pause</c>/<c>continue</c>/<c>cancel</c>, and
/// <c>list</c>/<c>show</c> with <c>--host</c>. A host that does not answer is exit code 1; a bad sweep file is
/// refused here, before anything is sent (exit 2).
/// </summary>
public static class HostClientCommands
{
    public static async Task<int> SubmitAsync(string file, string address, RemotingTls? tls = null)
    {
        var (spec, text) = SweepFileLoader.Load(file);
        RunCommand.PreloadData(spec);
        return await WithHostAsync(address, tls, async host =>
        {
            switch (await host.AskAsync<object>(new SubmitSweep(spec, text)))
            {
                case SweepSubmitted submitted:
                    Console.WriteLine($"{submitted.Name} submitted to {host.Address} (database {submitted.Database})");
                    return ExitCodes.Done;
                case SweepRejected rejected:
                    Console.Error.WriteLine($"actortune: {rejected.Reason}");
                    return rejected.BadInput ? ExitCodes.BadInput : ExitCodes.Failure;
                default:
                    return ExitCodes.Failure;
            }
        });
    }

    public static Task<int> ControlAsync(string name, string action, string address, RemotingTls? tls = null) => WithHostAsync(address, tls, async host =>
    {
        var reply = await host.AskAsync<ControlReply>(new ControlSweep(name, action, $"{Environment.UserName}@{Environment.MachineName}"));
        (reply.Accepted ? Console.Out : Console.Error).WriteLine(reply.Accepted ? reply.Message : $"actortune: {reply.Message}");
        return reply.Accepted ? ExitCodes.Done : ExitCodes.Failure;
    });

    public static Task<int> ListAsync(string address, RemotingTls? tls = null) => WithHostAsync(address, tls, async host =>
    {
        var list = await host.AskAsync<SweepList>(new ListSweeps());
        if (list.Sweeps.Count == 0)
        {
            Console.WriteLine($"no sweeps in {list.Database}");
            return ExitCodes.Done;
        }
        SweepTables.WriteList(list.Sweeps.Select(s => (s.State, s.Status)).ToList());
        return ExitCodes.Done;
    });

    public static Task<int> ShowAsync(string name, bool json, string address, RemotingTls? tls = null) => WithHostAsync(address, tls, async host =>
    {
        switch (await host.AskAsync<object>(new GetSweep(name)))
        {
            case SweepListing listing when json:
                Console.WriteLine(SweepJson.Write(listing.State, listing.Status));
                return ExitCodes.Done;
            case SweepListing listing:
                SweepTables.WriteTrials(listing.State, listing.Status);
                return ExitCodes.Done;
            case SweepRejected rejected:
                Console.Error.WriteLine($"actortune: {rejected.Reason}");
                return ExitCodes.BadInput;
            default:
                return ExitCodes.Failure;
        }
    });

    private static async Task<int> WithHostAsync(string address, RemotingTls? tls, Func<HostClient, Task<int>> action)
    {
        HostClient host;
        try
        {
            host = await HostClient.ConnectAsync(address, tls);
        }
        catch (HostUnreachableException e)
        {
            Console.Error.WriteLine($"actortune: {e.Message}");
            // A host that answers in TLS we cannot speak is a matter of this command's options, not of the host.
            return e.TlsMismatch ? ExitCodes.BadInput : ExitCodes.Failure;
        }
        await using (host)
        {
            return await action(host);
        }
    }
}
