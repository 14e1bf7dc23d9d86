using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>Whole-vector loads and stores that fall back to the masked forms for the last, partial vector of a run.</summary>
internal static unsafe class Lanes<TV> where TV : struct, ISimd<TV>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load(float* source, int count) => count >= TV.Width ? TV.Load(source) : TV.LoadFirst(source, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(TV value, float* destination, int count)
    {
        if (count >= TV.Width)
        {
            TV.Store(value, destination);
        }
        else
        {
            TV.StoreFirst(value, destination, count);
        }
    }
}
