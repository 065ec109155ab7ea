<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DataDrawing</name>
    <message numerus="yes">
        <source>Draw %n point(s)</source>
        <translation>
            <numerusform>Draw %n point</numerusform>
            <numerusform>Draw %n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n point(s)</source>
        <translation>
            <numerusform>Remove %n point</numerusform>
            <numerusform>Remove %n points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DataSection</name>
    <message numerus="yes">
        <source>%n classes</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DistributionView</name>
    <message numerus="yes">
        <source>%n training point(s)</source>
        <translation>
            <numerusform>%n training point</numerusform>
            <numerusform>%n training points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s); {0} not finite</source>
        <translation>
            <numerusform>%n value; {0} not finite</numerusform>
            <numerusform>%n values; {0} not finite</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s)</source>
        <translation>
            <numerusform>%n value</numerusform>
            <numerusform>%n values</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DoctorPanel</name>
    <message numerus="yes">
        <source>%n finding(s) in this run</source>
        <translation>
            <numerusform>%n finding in this run</numerusform>
            <numerusform>%n findings in this run</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HiddenLayersEditor</name>
    <message numerus="yes">
        <source>%n hidden layer(s) (maximum)</source>
        <translation>
            <numerusform>%n hidden layer (maximum)</numerusform>
            <numerusform>%n hidden layers (maximum)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hidden layer(s)</source>
        <translation>
            <numerusform>%n hidden layer</numerusform>
            <numerusform>%n hidden layers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n neuron(s)</source>
        <translation>
            <numerusform>%n neuron</numerusform>
            <numerusform>%n neurons</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>No decision boundary to draw: the data has %n input column(s), and the boundary view needs points in a 2-D plane.</source>
        <translation>
            <numerusform>No decision boundary to draw: the data has %n input column, and the boundary view needs points in a 2-D plane.</numerusform>
            <numerusform>No decision boundary to draw: the data has %n input columns, and the boundary view needs points in a 2-D plane.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MiniBatchView</name>
    <message numerus="yes">
        <source>Each bar: one sample&apos;s own gradient ∂Lₙ/∂{0} = {1} (%n sample(s)).</source>
        <translation>
            <numerusform>Each bar: one sample&apos;s own gradient ∂Lₙ/∂{0} = {1} (%n sample).</numerusform>
            <numerusform>Each bar: one sample&apos;s own gradient ∂Lₙ/∂{0} = {1} (%n samples).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message numerus="yes">
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n feature</numerusform>
            <numerusform>%n features</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in</source>
        <comment>short</comment>
        <translation>
            <numerusform>%n in</numerusform>
            <numerusform>%n in</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n neuron(s)</source>
        <translation>
            <numerusform>%n neuron</numerusform>
            <numerusform>%n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n n</source>
        <comment>short for neurons</comment>
        <translation>
            <numerusform>%n n</numerusform>
            <numerusform>%n n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutputSection</name>
    <message numerus="yes">
        <source>%n classes need a softmax output with one neuron per class.</source>
        <translation>
            <numerusform>%n class needs a softmax output with one neuron per class.</numerusform>
            <numerusform>%n classes need a softmax output with one neuron per class.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StopRulesSection</name>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n epoch</numerusform>
            <numerusform>%n epochs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StopText</name>
    <message numerus="yes">
        <source>Stopped: {0} has not improved for %n epoch(s); best {1} at epoch {2}</source>
        <translation>
            <numerusform>Stopped: {0} has not improved for %n epoch; best {1} at epoch {2}</numerusform>
            <numerusform>Stopped: {0} has not improved for %n epochs; best {1} at epoch {2}</numerusform>
        </translation>
    </message>
</context>
</TS>
