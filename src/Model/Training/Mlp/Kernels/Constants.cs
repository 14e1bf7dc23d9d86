namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// A number known when the JIT specialises a generic kernel: the tile's rows and vectors are type arguments, so
/// every <c>if (TRows.Value &gt; 5)</c> folds away and each tile shape becomes its own straight-line code with its
/// accumulators in registers.
/// </summary>
internal interface IConstant
{
    static abstract int Value { get; }
}

internal readonly struct C1 : IConstant
{
    public static int Value => 1;
}

internal readonly struct C2 : IConstant
{
    public static int Value => 2;
}

internal readonly struct C3 : IConstant
{
    public static int Value => 3;
}

internal readonly struct C4 : IConstant
{
    public static int Value => 4;
}

internal readonly struct C5 : IConstant
{
    public static int Value => 5;
}

internal readonly struct C6 : IConstant
{
    public static int Value => 6;
}

internal readonly struct C7 : IConstant
{
    public static int Value => 7;
}

internal readonly struct C8 : IConstant
{
    public static int Value => 8;
}

/// <summary>A yes/no known when the JIT specialises (whether a tile's last vector is partial).</summary>
internal interface IFlag
{
    static abstract bool Value { get; }
}

internal readonly struct Yes : IFlag
{
    public static bool Value => true;
}

internal readonly struct No : IFlag
{
    public static bool Value => false;
}
