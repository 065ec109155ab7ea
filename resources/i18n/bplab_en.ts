<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
</TS>
