using ActorTune.Model.Checkpoints;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

public class CheckpointPolicyTests
{
    [Fact]
    public void A_restart_continues_from_the_newest_checkpoint_the_log_covers()
    {
        Assert.Equal(5, CheckpointPolicy.ResumeFrom([3, 5, 6], lastDurableEpoch: 5));
        Assert.Equal(5, CheckpointPolicy.ResumeFrom([3, 5, 7], lastDurableEpoch: 6));
        Assert.Null(CheckpointPolicy.ResumeFrom([4], lastDurableEpoch: 3));
        Assert.Null(CheckpointPolicy.ResumeFrom([], lastDurableEpoch: 9));
    }

    [Fact]
    public void Keeps_the_newest_two_and_the_best()
    {
        var keep = CheckpointPolicy.Keep([(1, 0.5), (2, 0.9), (3, 0.7), (4, 0.6), (5, 0.65)], Goal.Max);
        Assert.Equal([2, 4, 5], keep.Order());
        var keepLoss = CheckpointPolicy.Keep([(1, 0.5), (2, 0.9), (3, 0.1), (4, 0.6), (5, double.NaN)], Goal.Min);
        Assert.Equal([3, 4, 5], keepLoss.Order());
    }

    [Fact]
    public void Checkpoints_are_due_every_n_epochs_and_at_the_last()
    {
        Assert.Equal([3, 6, 7], Enumerable.Range(1, 7).Where(e => CheckpointPolicy.IsDue(e, 3, 7)));
        Assert.Equal(Enumerable.Range(1, 4), Enumerable.Range(1, 4).Where(e => CheckpointPolicy.IsDue(e, 1, 4)));
    }
}
